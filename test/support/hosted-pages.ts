/** FusionAuth's hosted-page landmarks and form helpers, shared with the dev server package's test kit. */
export {
  HOSTED_LOGIN,
  HOSTED_REGISTER,
  HOSTED_TWO_FACTOR,
  formIn,
  isHostedLoginPage,
  submitHostedForm,
} from 'fusionauth-dev-server/testing';

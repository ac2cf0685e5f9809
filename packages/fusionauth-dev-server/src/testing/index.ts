/**
 * `fusionauth-dev-server/testing`: what a test suite needs to run against this dev server or a real
 * FusionAuth alike: the target (a dev server on a free port, or FUSIONAUTH_URL + FUSIONAUTH_API_KEY), an
 * HTTP browser with a cookie jar, the landmarks of FusionAuth's hosted pages, a software passkey authenticator, and a clock to share with
 * the dev server so tokens expire without sleeping.
 */
export {
  isRealFusionAuth,
  startFusionAuthTarget,
  type FusionAuthTarget,
  type FusionAuthTargetOptions,
} from './fusionauth-target.ts';
export { Browser, type Page, type Received } from './browser.ts';
export {
  HOSTED_LOGIN,
  HOSTED_REGISTER,
  HOSTED_TWO_FACTOR,
  formIn,
  isHostedLoginPage,
  submitHostedForm,
} from './hosted-pages.ts';
export { createTestClock, type TestClock } from './test-clock.ts';
export {
  SoftwareAuthenticator,
  foreignKey,
  type AssertionCredential,
  type AssertionInput,
  type RegistrationCredential,
} from './software-authenticator.ts';

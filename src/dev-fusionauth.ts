/** FusionAuth's quickstart development values, used by the embedded dev server's kickstart. */
export const DEV_FUSIONAUTH = Object.freeze({
  apiKey: '33052c8a-c283-4e96-9d2a-eb1215c69f8f-not-for-prod',
  clientId: 'e9fdb985-9173-4e01-9d73-ac2d60d1dc8e',
  clientSecret: 'super-secret-secret-that-should-be-regenerated-for-production',
  tenantId: 'd7d09513-a3f5-401c-9685-34ab6c552453',
  /** The kickstart's second application, "Acme Billing" (`npm run start:sso` runs the app as it too). */
  billingClientId: '5c7e1a3b-9d24-4f6e-8b10-3a2f6c9e4d71',
  billingClientSecret: 'billing-secret-that-should-be-regenerated-for-production',
  /** The kickstart's webhook signing key secret (the dev server's FUSIONAUTH_WEBHOOK_SECRET default). */
  webhookSecret: 'webhook-secret-that-should-be-regenerated-for-production',
});

/**
 * FusionAuth's built-in theme (https://fusionauth.io/docs/customize/look-and-feel/advanced-theme-editor): every
 * install has it under one fixed id, named "FusionAuth", read-only, used by the default tenant, and kickstarts copy
 * it with `sourceThemeId` (https://fusionauth.io/docs/apis/themes). Its `defaultMessages` are the message keys the
 * dev server's hosted pages use, and every template of FusionAuth's Theme model is present. The dev server renders
 * its pages itself, so the templates say so instead of holding FreeMarker.
 */
import { themeMessageBundle } from '../oauth/theme-messages.ts';
import type { StoredTheme } from '../state/model.ts';

/** The fixed id of FusionAuth's default theme. */
export const DEFAULT_THEME_ID = '75a068fd-e94b-451a-9aeb-3ddb9a3b5987';

/** The templates of FusionAuth's Theme object (`theme.templates.*`). */
const TEMPLATE_NAMES = [
  'accountEdit',
  'accountIndex',
  'accountTwoFactorDisable',
  'accountTwoFactorEdit',
  'accountTwoFactorEnable',
  'accountTwoFactorIndex',
  'accountWebAuthnAdd',
  'accountWebAuthnDelete',
  'accountWebAuthnIndex',
  'confirmationRequired',
  'emailComplete',
  'emailSend',
  'emailSent',
  'emailVerificationRequired',
  'emailVerify',
  'helpers',
  'index',
  'oauth2Authorize',
  'oauth2AuthorizedNotRegistered',
  'oauth2ChildRegistrationNotAllowed',
  'oauth2ChildRegistrationNotAllowedComplete',
  'oauth2CompleteRegistration',
  'oauth2Consent',
  'oauth2Device',
  'oauth2DeviceComplete',
  'oauth2Error',
  'oauth2Logout',
  'oauth2Passwordless',
  'oauth2Register',
  'oauth2StartIdPLink',
  'oauth2TwoFactor',
  'oauth2TwoFactorEnable',
  'oauth2TwoFactorEnableComplete',
  'oauth2TwoFactorMethods',
  'oauth2Wait',
  'oauth2WebAuthn',
  'oauth2WebAuthnReauth',
  'oauth2WebAuthnReauthEnable',
  'passwordChange',
  'passwordComplete',
  'passwordForgot',
  'passwordSent',
  'phoneComplete',
  'phoneSent',
  'phoneVerificationRequired',
  'phoneVerify',
  'registrationComplete',
  'registrationSend',
  'registrationSent',
  'registrationVerificationRequired',
  'registrationVerify',
  'samlv2Logout',
  'unauthorized',
];

/** The default theme as a fresh install holds it, created at `now`. */
export function buildDefaultTheme(now: number): StoredTheme {
  const templates = Object.fromEntries(
    TEMPLATE_NAMES.map((name) => [name, `[#-- ${name}: the dev server renders this page itself. --]`]),
  );
  return {
    id: DEFAULT_THEME_ID,
    name: 'FusionAuth',
    stylesheet: '',
    insertInstant: now,
    lastUpdateInstant: now,
    config: { type: 'advanced', defaultMessages: themeMessageBundle(), localizedMessages: {}, templates, data: {} },
  };
}

/** The keys of a properties-file formatted message bundle (blank lines and `#`/`!` comments skipped). */
export function messageKeys(properties: string): Set<string> {
  const keys = new Set<string>();
  for (const line of properties.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('!')) continue;
    const key = /^((?:\\.|[^=:\s\\])+)/.exec(trimmed)?.[1];
    if (key) keys.add(key.replace(/\\(.)/g, '$1'));
  }
  return keys;
}

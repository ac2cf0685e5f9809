import type {
  WebAuthnPublicKeyAuthenticationRequest,
  WebAuthnPublicKeyRegistrationRequest,
} from '@fusionauth/typescript-client';

/** FusionAuth's `credential` of a Complete Registration request, every field it needs present. */
export type PasskeyAttestation = WebAuthnPublicKeyRegistrationRequest;
/** FusionAuth's `credential` of a Complete Authentication request, every field it needs present. */
export type PasskeyAssertion = WebAuthnPublicKeyAuthenticationRequest;

const BASE64URL = /^[A-Za-z0-9_-]{1,16384}$/;

/**
 * The browser's answer to `navigator.credentials.create()` (as @simplewebauthn/browser gives it, JSON text)
 * in the shape FusionAuth documents (https://fusionauth.io/docs/apis/webauthn), or null when it is not one.
 * Only the documented fields are passed on: the browser's extras (`rawId`, `authenticatorAttachment`…) are not.
 */
export function parseAttestation(text: string): PasskeyAttestation | null {
  const value = parseObject(text);
  const response = objectIn(value, 'response');
  const id = base64urlIn(value, 'id');
  const clientDataJSON = base64urlIn(response, 'clientDataJSON');
  const attestationObject = base64urlIn(response, 'attestationObject');
  if (!id || !clientDataJSON || !attestationObject || value?.type !== 'public-key') return null;
  const transports = stringsIn(response, 'transports');
  const rk = objectIn(objectIn(value, 'clientExtensionResults'), 'credProps')?.rk;
  return {
    id,
    type: 'public-key',
    response: { clientDataJSON, attestationObject },
    transports,
    clientExtensionResults: typeof rk === 'boolean' ? { credProps: { rk } } : {},
  };
}

/** The browser's answer to `navigator.credentials.get()` in FusionAuth's shape, or null when it is not one. */
export function parseAssertion(text: string): PasskeyAssertion | null {
  const value = parseObject(text);
  const response = objectIn(value, 'response');
  const id = base64urlIn(value, 'id');
  const authenticatorData = base64urlIn(response, 'authenticatorData');
  const clientDataJSON = base64urlIn(response, 'clientDataJSON');
  const signature = base64urlIn(response, 'signature');
  if (!id || !authenticatorData || !clientDataJSON || !signature || value?.type !== 'public-key') return null;
  const userHandle = base64urlIn(response, 'userHandle');
  return {
    id,
    type: 'public-key',
    clientExtensionResults: {},
    response: { authenticatorData, clientDataJSON, signature, ...(userHandle ? { userHandle } : {}) },
  };
}

type Json = Record<string, unknown>;

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectIn(value: Json | undefined, key: string): Json | undefined {
  const field = value?.[key];
  return isObject(field) ? field : undefined;
}

function base64urlIn(value: Json | undefined, key: string): string | undefined {
  const field = value?.[key];
  return typeof field === 'string' && BASE64URL.test(field) ? field : undefined;
}

function stringsIn(value: Json | undefined, key: string): string[] {
  const field = value?.[key];
  return Array.isArray(field)
    ? field.filter((item): item is string => typeof item === 'string' && item.length <= 32).slice(0, 8)
    : [];
}

/**
 * Whether the browser made this answer for `ceremony` (`webauthn.create` or `webauthn.get`) on the page at
 * `origin`, as its clientDataJSON says (https://www.w3.org/TR/webauthn-2/#sctn-verifying-assertion, steps
 * 11-13). FusionAuth checks it too; the app refuses a mismatch before asking, so an answer made for
 * another origin on the same host (another port) never reaches FusionAuth.
 */
export function isMadeFor(
  credential: { response?: { clientDataJSON?: string } },
  ceremony: 'webauthn.create' | 'webauthn.get',
  origin: string,
): boolean {
  const clientData = parseObject(Buffer.from(credential.response?.clientDataJSON ?? '', 'base64url').toString('utf8'));
  return clientData?.type === ceremony && clientData.origin === origin;
}

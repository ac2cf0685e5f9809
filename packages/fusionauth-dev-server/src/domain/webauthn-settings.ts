/**
 * A tenant's `webAuthnConfiguration` (https://fusionauth.io/docs/apis/tenants) with FusionAuth's defaults, the
 * settings of one workflow (an application may switch the bootstrap and re-authentication workflows on or off
 * for itself), and the relying party id a ceremony is checked against.
 */
import type { JsonObject, StoredApplication, StoredTenant } from '../state/model.ts';
import { objectAt } from './settings.ts';

export const WEBAUTHN_WORKFLOWS = ['bootstrap', 'general', 'reauthentication'] as const;
export type WebAuthnWorkflow = (typeof WEBAUTHN_WORKFLOWS)[number];

export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';

export interface WorkflowSettings {
  enabled: boolean;
  /** `platform`, `crossPlatform`, or `any` (no preference). */
  authenticatorAttachmentPreference: string;
  userVerificationRequirement: UserVerificationRequirement;
}

/** A fresh tenant's: WebAuthn off, both workflows off, user verification required. */
const DEFAULT_CONFIGURATION: JsonObject = {
  enabled: false,
  debug: false,
  bootstrapWorkflow: {
    enabled: false,
    authenticatorAttachmentPreference: 'any',
    userVerificationRequirement: 'required',
  },
  reauthenticationWorkflow: {
    enabled: false,
    authenticatorAttachmentPreference: 'platform',
    userVerificationRequirement: 'required',
  },
};

/** The `webAuthnConfiguration` a tenant stores: the input over FusionAuth's defaults, workflow by workflow. */
export function webAuthnConfigurationFrom(input: JsonObject): JsonObject {
  const given = objectAt(input, 'webAuthnConfiguration');
  return {
    ...DEFAULT_CONFIGURATION,
    ...given,
    bootstrapWorkflow: {
      ...objectAt(DEFAULT_CONFIGURATION, 'bootstrapWorkflow'),
      ...objectAt(given, 'bootstrapWorkflow'),
    },
    reauthenticationWorkflow: {
      ...objectAt(DEFAULT_CONFIGURATION, 'reauthenticationWorkflow'),
      ...objectAt(given, 'reauthenticationWorkflow'),
    },
  };
}

/** Whether WebAuthn is on for the tenant at all. */
export function webAuthnEnabled(tenant: StoredTenant): boolean {
  return objectAt(tenant.config, 'webAuthnConfiguration').enabled === true;
}

/**
 * The settings for a workflow. `general` (registration only) is always enabled once the tenant is and asks for
 * user verification only where available (FusionAuth does not document its settings: a guess).
 */
export function workflowSettings(
  tenant: StoredTenant,
  workflow: WebAuthnWorkflow,
  application?: StoredApplication,
): WorkflowSettings {
  if (workflow === 'general')
    return { enabled: true, authenticatorAttachmentPreference: 'any', userVerificationRequirement: 'preferred' };
  const key = workflow === 'bootstrap' ? 'bootstrapWorkflow' : 'reauthenticationWorkflow';
  const configured = objectAt(webAuthnConfigurationFrom(tenant.config), key);
  const override = objectAt(application?.config, 'webAuthnConfiguration');
  const enabled = override.enabled === true ? objectAt(override, key).enabled === true : configured.enabled === true;
  const requirement = configured.userVerificationRequirement;
  return {
    enabled,
    authenticatorAttachmentPreference:
      typeof configured.authenticatorAttachmentPreference === 'string'
        ? configured.authenticatorAttachmentPreference
        : 'any',
    userVerificationRequirement:
      requirement === 'preferred' || requirement === 'discouraged' ? requirement : 'required',
  };
}

/** The tenant's configured relying party id, when it overrides the browser's default. */
export function configuredRelyingPartyId(tenant: StoredTenant): string | undefined {
  const value = objectAt(tenant.config, 'webAuthnConfiguration').relyingPartyId;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The relying party name shown by the browser: the configured one, else the tenant's issuer. */
export function relyingPartyName(tenant: StoredTenant, fallback: string): string {
  const value = objectAt(tenant.config, 'webAuthnConfiguration').relyingPartyName;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return typeof tenant.config.issuer === 'string' ? tenant.config.issuer : fallback;
}

/**
 * The host of an origin a passkey may be used on: https, or http on a loopback host (as browsers allow), else
 * undefined.
 */
export function effectiveDomain(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return undefined;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return undefined;
  return url.hostname;
}

/**
 * The relying party id a ceremony from `origin` is checked against, or undefined when the origin may not use
 * it: the origin's host must be the id or one of its subdomains (https://www.w3.org/TR/webauthn-2/#rp-id).
 */
export function relyingPartyIdFor(tenant: StoredTenant, origin: string): string | undefined {
  const host = effectiveDomain(origin);
  if (!host) return undefined;
  const rpId = configuredRelyingPartyId(tenant) ?? host;
  return host === rpId || host.endsWith(`.${rpId}`) ? rpId : undefined;
}

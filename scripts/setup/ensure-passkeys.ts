/**
 * Passkeys for the app's domain: the tenant's `webAuthnConfiguration` enabled, with the app's host as the
 * relying party id and the bootstrap workflow (a passkey instead of a password) on
 * (https://fusionauth.io/docs/apis/webauthn). FusionAuth offers passkeys on licensed instances only since
 * 1.52.0, so a refusal is reported and the rest of the setup goes on.
 */
import { isIP } from 'node:net';
import type { Tenant } from '@fusionauth/typescript-client';
import type { AdminClient } from './admin-client.ts';
import { SetupError } from './setup-error.ts';

/** Turns passkeys on for `appUrl`'s host, unless they already are or the host is an IP address (never a relying party id). */
export async function ensurePasskeys(
  api: AdminClient,
  tenant: Tenant,
  appUrl: string,
  changes: string[],
): Promise<void> {
  const rpId = new URL(appUrl).hostname;
  if (isIP(rpId.replace(/^\[|\]$/g, '')) !== 0) return;
  const current = tenant.webAuthnConfiguration;
  if (current?.enabled === true && current.relyingPartyId === rpId && current.bootstrapWorkflow?.enabled === true)
    return;
  const id = tenant.id ?? '';
  try {
    await api.call(`PATCH /api/tenant/${id}`, (client) =>
      client.patchTenant(id, {
        tenant: {
          webAuthnConfiguration: { enabled: true, relyingPartyId: rpId, bootstrapWorkflow: { enabled: true } },
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof SetupError) || error.code !== 'FUSIONAUTH_ERROR') throw error;
    changes.push(
      `did not turn on passkeys for ${rpId} on tenant "${tenant.name}" (they need a FusionAuth license, a free one will do): ${error.message}`,
    );
    return;
  }
  changes.push(
    `turned on passkeys for ${rpId} on tenant "${tenant.name}"${current?.relyingPartyId && current.relyingPartyId !== rpId ? ` (its relying party id was ${current.relyingPartyId})` : ''}`,
  );
}

/**
 * The WebAuthn registration ceremony (https://fusionauth.io/docs/apis/webauthn/start-a-webauthn-passkey-registration):
 * creation options with a single-use challenge, then the authenticator's answer verified by @simplewebauthn/server
 * (challenge, origin, relying party id, user presence and verification, `none` attestation) and kept as a passkey.
 */
import { randomUUID } from 'node:crypto';
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { stateOf, type DevServerContext } from '../context.ts';
import { bodyObject, displayText } from '../http/body.ts';
import type { JsonObject, StoredTenant, StoredUser, StoredWebAuthnCredential } from '../state/model.ts';
import { consumePendingId, findPendingId, issuePendingId } from './pending-ids.ts';
import { invalid, libraryCredential, readClientData, refusal, type CeremonyFailure } from './webauthn-ceremony.ts';
import { coseAlgorithm, coseKeyToPem, credentialsOfUser } from './webauthn-credentials.ts';
import {
  configuredRelyingPartyId,
  relyingPartyIdFor,
  relyingPartyName,
  webAuthnEnabled,
  workflowSettings,
  type WebAuthnWorkflow,
} from './webauthn-settings.ts';

/** FusionAuth's signing algorithms, in its order of preference: ES512, ES384, ES256, PS512, PS384, PS256, RS512, RS384, RS256. */
export const SUPPORTED_ALGORITHMS = [-36, -35, -7, -39, -38, -37, -259, -258, -257];

export interface RegistrationRequest {
  workflow: WebAuthnWorkflow;
  displayName: string;
  name?: string;
  userAgent?: string;
}

/** Starts a registration: the options for `navigator.credentials.create()`. */
export function startRegistration(
  context: DevServerContext,
  tenant: StoredTenant,
  user: StoredUser,
  request: RegistrationRequest,
): JsonObject {
  const settings = workflowSettings(tenant, request.workflow);
  const name = request.name ?? user.email ?? user.username ?? user.id;
  const challenge = issuePendingId(context, 'webauthn-registration', user, {
    workflow: request.workflow,
    displayName: request.displayName,
    name,
    ...(request.userAgent ? { userAgent: request.userAgent } : {}),
  });
  const attachment = { platform: 'platform', crossPlatform: 'cross-platform' }[
    settings.authenticatorAttachmentPreference
  ];
  const rpId = configuredRelyingPartyId(tenant);
  return {
    attestation: 'none',
    authenticatorSelection: {
      ...(attachment ? { authenticatorAttachment: attachment } : {}),
      userVerification: settings.userVerificationRequirement,
    },
    challenge: challenge.id,
    excludeCredentials: credentialsOfUser(context, user.id).map(descriptor),
    extensions: { credProps: true },
    pubKeyCredParams: SUPPORTED_ALGORITHMS.map((alg) => ({ alg, type: 'public-key' })),
    rp: { ...(rpId ? { id: rpId } : {}), name: relyingPartyName(tenant, context.baseUrl) },
    timeout: challenge.expiresInstant - challenge.createInstant,
    user: { displayName: request.displayName, id: Buffer.from(user.id).toString('base64url'), name },
  };
}

/** A passkey as `excludeCredentials` / `allowCredentials` name it. */
export function descriptor(credential: StoredWebAuthnCredential): JsonObject {
  return { id: credential.credentialId, transports: credential.transports, type: 'public-key' };
}

/** Completes a registration for `user`: the new passkey, or why it was refused. */
export async function completeRegistration(
  context: DevServerContext,
  tenant: StoredTenant,
  user: StoredUser,
  credentialInput: JsonObject,
): Promise<{ kind: 'ok'; credential: StoredWebAuthnCredential } | CeremonyFailure> {
  const clientData = readClientData(bodyObject(credentialInput.response));
  if (!clientData) return invalid('credential.response.clientDataJSON', 'The client data could not be read.');
  const challenge = findPendingId(context, 'webauthn-registration', clientData.challenge);
  if (!challenge || challenge.userId !== user.id) return { kind: 'no-challenge' };
  const workflow = challenge.data.workflow as WebAuthnWorkflow;
  const settings = workflowSettings(tenant, workflow);
  if (!webAuthnEnabled(tenant) || !settings.enabled)
    return invalid('workflow', `The [${workflow}] workflow is disabled.`);
  const rpId = relyingPartyIdFor(tenant, clientData.origin);
  if (!rpId)
    return invalid('origin', `The origin [${clientData.origin}] may not register a passkey for this relying party.`);

  consumePendingId(context, challenge);
  try {
    const result = await verifyRegistrationResponse({
      response: libraryCredential<RegistrationResponseJSON>(credentialInput),
      expectedChallenge: challenge.id,
      expectedOrigin: clientData.origin,
      expectedRPID: rpId,
      requireUserVerification: settings.userVerificationRequirement === 'required',
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
    if (!result.verified)
      return invalid('credential.response.attestationObject', 'The attestation could not be verified.');
    const info = result.registrationInfo;
    if (info.fmt !== 'none')
      return invalid('credential.response.attestationObject', 'The attestation format must be [none].');
    // One authenticator credential is one passkey: it cannot be registered again, to this user or another.
    if (Object.values(stateOf(context).webAuthnCredentials).some((kept) => kept.credentialId === info.credential.id))
      return invalid('credential.id', 'A passkey with this credential id is already registered.');
    const now = context.now();
    const extensions = bodyObject(credentialInput.clientExtensionResults);
    const stored: StoredWebAuthnCredential = {
      id: randomUUID(),
      credentialId: info.credential.id,
      tenantId: tenant.id,
      userId: user.id,
      algorithm: coseAlgorithm(info.credential.publicKey),
      authenticatorSupportsUserVerification: info.userVerified,
      discoverable: bodyObject(extensions.credProps).rk === true,
      displayName: displayText(challenge.data.displayName),
      name: displayText(challenge.data.name),
      insertInstant: now,
      lastUseInstant: now,
      publicKey: coseKeyToPem(info.credential.publicKey),
      coseKey: Buffer.from(info.credential.publicKey).toString('base64url'),
      relyingPartyId: rpId,
      signCount: info.credential.counter,
      transports: Array.isArray(credentialInput.transports)
        ? credentialInput.transports.filter((t): t is string => typeof t === 'string')
        : [],
      ...(typeof challenge.data.userAgent === 'string' ? { userAgent: challenge.data.userAgent } : {}),
    };
    stateOf(context).webAuthnCredentials[stored.id] = stored;
    context.store.changed();
    return { kind: 'ok', credential: stored };
  } catch (error) {
    return refusal(error, 'credential.response.attestationObject');
  }
}

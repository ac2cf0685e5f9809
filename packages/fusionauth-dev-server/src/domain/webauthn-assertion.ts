/**
 * The WebAuthn authentication ceremony behind the Login and Assert APIs
 * (https://fusionauth.io/docs/apis/webauthn/start-a-webauthn-passkey-assertion-or-authentication): request options
 * with a single-use challenge for one user, then the signed assertion verified by @simplewebauthn/server against
 * that user's passkey (challenge, origin, relying party id, user verification, signature, a counter that must grow).
 */
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { stateOf, type DevServerContext } from '../context.ts';
import { bodyObject, displayText } from '../http/body.ts';
import type {
  JsonObject,
  StoredApplication,
  StoredTenant,
  StoredUser,
  StoredWebAuthnCredential,
} from '../state/model.ts';
import { consumePendingId, findPendingId, issuePendingId } from './pending-ids.ts';
import { invalid, libraryCredential, readClientData, refusal, type CeremonyFailure } from './webauthn-ceremony.ts';
import { findUserCredential } from './webauthn-credentials.ts';
import { descriptor } from './webauthn-registration.ts';
import {
  configuredRelyingPartyId,
  relyingPartyIdFor,
  webAuthnEnabled,
  workflowSettings,
  type WebAuthnWorkflow,
} from './webauthn-settings.ts';

export interface AssertionStart {
  tenant: StoredTenant;
  application: StoredApplication;
  user: StoredUser;
  credentials: StoredWebAuthnCredential[];
  workflow: WebAuthnWorkflow;
  state?: JsonObject;
}

/** Starts an authentication: the options for `navigator.credentials.get()`. */
export function startAssertion(context: DevServerContext, start: AssertionStart): JsonObject {
  const settings = workflowSettings(start.tenant, start.workflow, start.application);
  const challenge = issuePendingId(context, 'webauthn-authentication', start.user, {
    workflow: start.workflow,
    applicationId: start.application.id,
    ...(start.state ? { state: start.state } : {}),
  });
  const rpId = configuredRelyingPartyId(start.tenant);
  return {
    allowCredentials: start.credentials.map(descriptor),
    challenge: challenge.id,
    ...(rpId ? { rpId } : {}),
    timeout: challenge.expiresInstant - challenge.createInstant,
    userVerification: settings.userVerificationRequirement,
  };
}

export interface VerifiedAssertion {
  kind: 'ok';
  user: StoredUser;
  credential: StoredWebAuthnCredential;
  application: StoredApplication | undefined;
  state: JsonObject | undefined;
}

/** Completes an authentication: the user and passkey it proves, or why it was refused. Spends the challenge. */
export async function completeAssertion(
  context: DevServerContext,
  credentialInput: JsonObject,
): Promise<VerifiedAssertion | CeremonyFailure> {
  const response = bodyObject(credentialInput.response);
  const clientData = readClientData(response);
  if (!clientData) return invalid('credential.response.clientDataJSON', 'The client data could not be read.');
  const challenge = findPendingId(context, 'webauthn-authentication', clientData.challenge);
  const user = challenge ? stateOf(context).users[challenge.userId] : undefined;
  const tenant = user ? stateOf(context).tenants[user.tenantId] : undefined;
  if (!challenge || !user || !tenant) return { kind: 'no-challenge' };
  const application = stateOf(context).applications[displayText(challenge.data.applicationId)];
  const workflow = challenge.data.workflow as WebAuthnWorkflow;
  if (!webAuthnEnabled(tenant) || !workflowSettings(tenant, workflow, application).enabled) {
    return invalid('workflow', `The [${workflow}] workflow is disabled.`);
  }
  const credential =
    typeof credentialInput.id === 'string' ? findUserCredential(context, user.id, credentialInput.id) : undefined;
  if (!credential) return invalid('credential.id', 'The credential does not exist or belongs to another user.');
  const userHandle = response.userHandle;
  if (
    typeof userHandle === 'string' &&
    userHandle !== '' &&
    Buffer.from(userHandle, 'base64url').toString() !== user.id
  ) {
    return invalid(
      'credential.response.userHandle',
      'The user handle does not name the user the ceremony was started for.',
    );
  }
  const rpId = relyingPartyIdFor(tenant, clientData.origin);
  if (!rpId) return invalid('origin', `The origin [${clientData.origin}] may not use a passkey of this relying party.`);

  consumePendingId(context, challenge);
  try {
    const result = await verifyAuthenticationResponse({
      response: libraryCredential<AuthenticationResponseJSON>(credentialInput),
      expectedChallenge: challenge.id,
      expectedOrigin: clientData.origin,
      expectedRPID: rpId,
      credential: {
        id: credential.credentialId,
        publicKey: Buffer.from(credential.coseKey, 'base64url'),
        counter: credential.signCount,
      },
      requireUserVerification:
        workflowSettings(tenant, workflow, application).userVerificationRequirement === 'required',
    });
    if (!result.verified) return { kind: 'bad-signature' };
    credential.signCount = result.authenticationInfo.newCounter;
    credential.lastUseInstant = context.now();
    context.store.changed();
    const state = challenge.data.state;
    return {
      kind: 'ok',
      user,
      credential,
      application,
      state: state && typeof state === 'object' && !Array.isArray(state) ? state : undefined,
    };
  } catch (error) {
    return refusal(error, 'credential.response.signature');
  }
}

/**
 * The ids an application or tenant names must exist, and the ones its settings require must be given, as FusionAuth
 * checks on every create and update (https://fusionauth.io/docs/apis/applications, https://fusionauth.io/docs/apis/tenants):
 * a theme, the signing keys, the email templates. A missing required id is `[missing]<field>`; an id that names nothing
 * is `[invalid]<field>`. Lambda ids are not checked: the dev server has no Lambda API, so a kickstart's lambdas are
 * skipped and the ids that name them would otherwise fail the kickstart.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { Json, JsonObject, State } from '../state/model.ts';
import { isUuid } from './lookup.ts';
import { objectAt } from './settings.ts';

type ReferenceKind = 'emailTemplates' | 'keys' | 'themes';

const LABELS: Record<ReferenceKind, string> = { emailTemplates: 'Email Template', keys: 'Key', themes: 'Theme' };

/** A set `value` must be the id of an existing object of `kind`. */
export function checkReference(
  context: DevServerContext,
  kind: ReferenceKind,
  value: Json | undefined,
  field: string,
  errors: ErrorCollector,
): void {
  if (value === undefined || value === null) return;
  const state: State = stateOf(context);
  if (!isUuid(value) || !state[kind][value]) {
    errors.field(field, 'invalid', `The [${field}] property does not refer to an existing ${LABELS[kind]}.`);
  }
}

/** `value` must be given because `reason` (another property) asks for it. */
export function checkRequired(value: Json | undefined, field: string, reason: string, errors: ErrorCollector): void {
  if (value === undefined || value === null || value === '') {
    errors.field(field, 'missing', `You must specify the [${field}] property when ${reason}.`);
  }
}

/** The `*EmailTemplateId` properties of an `emailConfiguration` block, each checked against the email templates. */
function checkEmailConfiguration(context: DevServerContext, block: JsonObject, path: string, errors: ErrorCollector) {
  for (const [key, value] of Object.entries(block)) {
    if (key.endsWith('EmailTemplateId')) checkReference(context, 'emailTemplates', value, `${path}.${key}`, errors);
  }
}

/** The references shared by applications and tenants: theme, JWT signing keys, email templates. */
function checkCommonReferences(context: DevServerContext, input: JsonObject, owner: string, errors: ErrorCollector) {
  checkReference(context, 'themes', input.themeId, `${owner}.themeId`, errors);
  const jwt = objectAt(input, 'jwtConfiguration');
  for (const key of ['accessTokenKeyId', 'idTokenKeyId']) {
    checkReference(context, 'keys', jwt[key], `${owner}.jwtConfiguration.${key}`, errors);
  }
  checkEmailConfiguration(context, objectAt(input, 'emailConfiguration'), `${owner}.emailConfiguration`, errors);
  const mfaEmail = objectAt(objectAt(input, 'multiFactorConfiguration'), 'email');
  checkReference(
    context,
    'emailTemplates',
    mfaEmail.templateId,
    `${owner}.multiFactorConfiguration.email.templateId`,
    errors,
  );
}

/** An `application` object's references; `verifyRegistration: true` needs `verificationEmailTemplateId`. */
export function checkApplicationReferences(context: DevServerContext, input: JsonObject, errors: ErrorCollector): void {
  checkCommonReferences(context, input, 'application', errors);
  const field = 'application.verificationEmailTemplateId';
  if (input.verifyRegistration === true) {
    checkRequired(input.verificationEmailTemplateId, field, '[application.verifyRegistration] is true', errors);
  }
  checkReference(context, 'emailTemplates', input.verificationEmailTemplateId, field, errors);
}

/** A `tenant` object's references; `emailConfiguration.verifyEmail: true` needs its `verificationEmailTemplateId`. */
export function checkTenantReferences(context: DevServerContext, input: JsonObject, errors: ErrorCollector): void {
  checkCommonReferences(context, input, 'tenant', errors);
  const email = objectAt(input, 'emailConfiguration');
  if (email.verifyEmail === true) {
    checkRequired(
      email.verificationEmailTemplateId,
      'tenant.emailConfiguration.verificationEmailTemplateId',
      '[tenant.emailConfiguration.verifyEmail] is true',
      errors,
    );
  }
}

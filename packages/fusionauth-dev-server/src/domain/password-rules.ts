/**
 * The tenant's password rules (`tenant.passwordValidationRules`) with FusionAuth's defaults: 8 to 256
 * characters, no class required (https://fusionauth.io/docs/apis/tenants). Codes follow FusionAuth's
 * `[tooShort|tooLong|singleCase|onlyAlpha|requireNumber]<field>` (https://fusionauth.io/docs/apis/errors).
 */
import type { ErrorCollector } from '../http/errors.ts';
import type { StoredTenant } from '../state/model.ts';
import { objectAt } from './settings.ts';

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/** The tenant's minimum and maximum password length. */
export function passwordLengthRules(tenant: StoredTenant | undefined): { minLength: number; maxLength: number } {
  const rules = objectAt(tenant?.config, 'passwordValidationRules');
  return { minLength: numberOr(rules.minLength, 8), maxLength: numberOr(rules.maxLength, 256) };
}

/** Adds a field error to `errors` for each rule the password breaks. */
export function checkPasswordRules(
  tenant: StoredTenant | undefined,
  password: string,
  field: string,
  errors: ErrorCollector,
): void {
  const rules = objectAt(tenant?.config, 'passwordValidationRules');
  const { minLength: min, maxLength: max } = passwordLengthRules(tenant);
  if (password.length < min)
    errors.field(field, 'tooShort', `The [${field}] property is shorter than the minimum of [${min}] characters.`);
  if (password.length > max)
    errors.field(field, 'tooLong', `The [${field}] property is longer than the maximum of [${max}] characters.`);
  if (rules.requireMixedCase === true && (password.toLowerCase() === password || password.toUpperCase() === password)) {
    errors.field(field, 'singleCase', `The [${field}] property must contain upper and lower case characters.`);
  }
  const nonAlpha = objectAt(rules, 'requireNonAlpha');
  if ((rules.requireNonAlpha === true || nonAlpha.enabled === true) && /^[A-Za-z]*$/.test(password)) {
    errors.field(field, 'onlyAlpha', `The [${field}] property must contain a non-alphabetic character.`);
  }
  const number = objectAt(rules, 'requireNumber');
  if ((rules.requireNumber === true || number.enabled === true) && !/\d/.test(password)) {
    errors.field(field, 'requireNumber', `The [${field}] property must contain a number.`);
  }
}

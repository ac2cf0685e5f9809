/**
 * Themes (https://fusionauth.io/docs/apis/themes): the hosted pages take the stylesheet of the
 * application's theme, else of its tenant's (`themeId`); FusionAuth's own default theme has none
 * beyond its base look.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { Json, StoredApplication, StoredTenant } from '../state/model.ts';
import { isUuid } from './lookup.ts';

/** The stylesheet the hosted pages of `application` (or, without one, of `tenant`) inline. */
export function themeStylesheetFor(context: DevServerContext, application?: StoredApplication, tenant?: StoredTenant): string | undefined {
  const state = stateOf(context);
  const owner = tenant ?? (application ? state.tenants[application.tenantId] : undefined);
  const id = [application?.config.themeId, owner?.config.themeId].find((value) => typeof value === 'string' && state.themes[value]);
  const stylesheet = typeof id === 'string' ? state.themes[id]?.stylesheet : undefined;
  return stylesheet ? stylesheet : undefined;
}

/** A `themeId` that is set must name an existing theme, as FusionAuth checks on tenant and application writes. */
export function checkThemeReference(context: DevServerContext, value: Json | undefined, field: string, errors: ErrorCollector): void {
  if (value === undefined || value === null) return;
  if (!isUuid(value) || !stateOf(context).themes[value]) {
    errors.field(field, 'invalid', `The [${field}] property does not refer to an existing Theme.`);
  }
}

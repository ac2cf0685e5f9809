/**
 * Themes (https://fusionauth.io/docs/apis/themes): the hosted pages take the stylesheet and messages of the
 * application's theme, else of its tenant's (`themeId`); FusionAuth's own default theme has none
 * beyond its base look. Also finding, storing and deleting themes; one in use cannot be deleted.
 */
import { stateOf, type DevServerContext } from '../context.ts';
import type { ErrorCollector } from '../http/errors.ts';
import type { JsonObject, StoredApplication, StoredTenant, StoredTheme } from '../state/model.ts';
import { DEFAULT_THEME_ID, messageKeys } from './default-theme.ts';

/** What `sourceThemeId` copies from the source theme (https://fusionauth.io/docs/apis/themes). */
const COPIED_FIELDS = ['defaultMessages', 'localizedMessages', 'templates', 'stylesheet', 'type', 'variables'];
const THEME_TYPES = ['advanced', 'simple'];

/** The theme of the hosted pages of `application` (or, without one, of `tenant`), when one is set. */
export function themeFor(
  context: DevServerContext,
  application?: StoredApplication,
  tenant?: StoredTenant,
): StoredTheme | undefined {
  const state = stateOf(context);
  const owner = tenant ?? (application ? state.tenants[application.tenantId] : undefined);
  const id = [application?.config.themeId, owner?.config.themeId].find(
    (value) => typeof value === 'string' && state.themes[value],
  );
  return typeof id === 'string' ? state.themes[id] : undefined;
}

/** The theme to create from `input` and a source theme's view: the source's messages, templates and stylesheet. */
export function copyOfTheme(source: JsonObject, input: JsonObject): JsonObject {
  const copy: JsonObject = { ...input };
  for (const field of COPIED_FIELDS) {
    const value = source[field];
    if (value !== undefined) copy[field] = value;
  }
  return copy;
}

/**
 * FusionAuth's checks on a theme's content: `type` is `advanced` (the default) or `simple`, and an advanced theme's
 * `defaultMessages` holds at least every key of the default theme's bundle (`[invalid]theme.defaultMessages` naming
 * the missing ones, as https://github.com/FusionAuth/fusionauth-issues/issues/460 shows).
 */
export function checkThemeContent(context: DevServerContext, input: JsonObject, errors: ErrorCollector): void {
  const type = input.type ?? 'advanced';
  if (typeof type !== 'string' || !THEME_TYPES.includes(type)) {
    errors.field('theme.type', 'invalid', `The [theme.type] property must be one of ${THEME_TYPES.join(', ')}.`);
    return;
  }
  if (type !== 'advanced') return;
  const messages = input.defaultMessages;
  if (typeof messages !== 'string' || messages.trim() === '') {
    errors.field('theme.defaultMessages', 'blank', 'You must specify the [theme.defaultMessages] property.');
    return;
  }
  const required = stateOf(context).themes[DEFAULT_THEME_ID]?.config.defaultMessages;
  const given = messageKeys(messages);
  const missing = [...messageKeys(typeof required === 'string' ? required : '')].filter((key) => !given.has(key));
  if (missing.length > 0) {
    errors.field(
      'theme.defaultMessages',
      'invalid',
      `You must specify all of the required keys in the [theme.defaultMessages] property. It is missing these keys: ${missing.join(', ')}`,
    );
  }
}

/** The theme with this id. */
export function findTheme(context: DevServerContext, themeId: string): StoredTheme | undefined {
  return stateOf(context).themes[themeId];
}

/** Every theme. */
export function listThemes(context: DevServerContext): StoredTheme[] {
  return Object.values(stateOf(context).themes);
}

/** Stores a created or updated theme. */
export function saveTheme(context: DevServerContext, theme: StoredTheme): void {
  stateOf(context).themes[theme.id] = theme;
  context.store.changed();
}

/** The names of the tenants and applications whose `themeId` is this theme: it cannot be deleted while they use it. */
export function themeUsers(context: DevServerContext, themeId: string): string[] {
  const state = stateOf(context);
  return [...Object.values(state.tenants), ...Object.values(state.applications)]
    .filter((owner) => owner.config.themeId === themeId)
    .map((owner) => owner.name);
}

/** Deletes a theme. */
export function deleteTheme(context: DevServerContext, theme: StoredTheme): void {
  delete stateOf(context).themes[theme.id];
  context.store.changed();
}

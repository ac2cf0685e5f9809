/**
 * The app's own FusionAuth theme (https://fusionauth.io/docs/apis/themes), as the kickstart makes it: a copy of
 * FusionAuth's default theme (`sourceThemeId`) with the app's stylesheet and English messages from
 * kickstart/theme/, set as the application's theme so the hosted pages wear the app's look. Found by its name;
 * only what differs is written, so a second run writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Application, Theme } from '@fusionauth/typescript-client';
import type { AdminClient } from './admin-client.ts';
import { APPLICATION_NAME } from './app-requirements.ts';

/** FusionAuth's built-in, read-only default theme. */
const DEFAULT_THEME_ID = '75a068fd-e94b-451a-9aeb-3ddb9a3b5987';
const THEME_DIR = new URL('../../kickstart/theme/', import.meta.url);

function themeFile(name: string): string {
  return readFileSync(new URL(name, THEME_DIR), 'utf8');
}

/** Creates or updates the theme and makes it the application's; returns the theme's id. */
export async function ensureTheme(api: AdminClient, application: Application, changes: string[]): Promise<string> {
  const stylesheet = themeFile('acme-account.css');
  const english = themeFile('acme-account.en.properties');
  const { themes = [] } = await api.call('GET /api/theme', (client) => client.retrieveThemes());
  let theme: Theme | undefined = themes.find((candidate) => candidate.name === APPLICATION_NAME);
  if (!theme?.id) {
    const id = randomUUID();
    ({ theme } = await api.call('POST /api/theme', (client) =>
      client.createTheme(id, { sourceThemeId: DEFAULT_THEME_ID, theme: { name: APPLICATION_NAME } }),
    ));
    theme = { ...theme, id: theme?.id ?? id };
    changes.push(`created the theme "${APPLICATION_NAME}" (${id}), a copy of FusionAuth's default theme`);
  }
  const themeId = theme.id ?? '';
  if (theme.stylesheet !== stylesheet || theme.localizedMessages?.en !== english) {
    await api.call(`PATCH /api/theme/${themeId}`, (client) =>
      client.patchTheme(themeId, {
        theme: { stylesheet, localizedMessages: { ...theme.localizedMessages, en: english } },
      }),
    );
    changes.push(`set the theme's stylesheet and English messages (kickstart/theme/)`);
  }
  const applicationId = application.id ?? '';
  if (application.themeId !== themeId) {
    await api.call(`PATCH /api/application/${applicationId}`, (client) =>
      client.patchApplication(applicationId, { application: { themeId } }),
    );
    changes.push(`made "${APPLICATION_NAME}" the application's theme`);
  }
  return themeId;
}

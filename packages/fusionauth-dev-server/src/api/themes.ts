/**
 * Theme API (https://fusionauth.io/docs/apis/themes), enough for a kickstart: create
 * (`POST /api/theme[/{themeId}]`, optionally copying `sourceThemeId`), retrieve one or all, update
 * (`PUT` replaces, `PATCH` merges) and delete. The hosted pages apply a theme's `stylesheet`; its
 * templates and messages are kept as sent. FusionAuth's own theme is read-only, and a theme a tenant or
 * application uses cannot be deleted.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { isUuid } from '../domain/lookup.ts';
import { DEFAULT_THEME_ID } from '../domain/default-theme.ts';
import {
  checkThemeContent,
  copyOfTheme,
  deleteTheme,
  findTheme,
  listThemes,
  saveTheme,
  themeUsers,
} from '../domain/themes.ts';
import { requireApiKey } from '../http/auth.ts';
import { bodyObject, bodyPart } from '../http/body.ts';
import { ErrorCollector, fieldError, sendEmpty, sendErrors } from '../http/errors.ts';
import { checkUuidParam } from '../http/params.ts';
import { applyPatch } from '../http/patch.ts';
import type { JsonObject, StoredTheme } from '../state/model.ts';

interface ThemeGeneric {
  Params: { themeId?: string };
}
type ThemeRoute = FastifyRequest<ThemeGeneric>;

const MISSING = fieldError(
  'theme',
  'missing',
  'Your request is missing the Theme information as JSON in the entity-body.',
);
const READ_ONLY = fieldError(
  'themeId',
  'readOnly',
  `The FusionAuth default Theme [${DEFAULT_THEME_ID}] is read-only: copy it with sourceThemeId to change it.`,
);
const IDENTITY_FIELDS = ['id', 'name', 'stylesheet', 'insertInstant', 'lastUpdateInstant'];

/** The theme as the API answers it. */
export function themeView(theme: StoredTheme): JsonObject {
  return {
    ...theme.config,
    id: theme.id,
    name: theme.name,
    stylesheet: theme.stylesheet,
    insertInstant: theme.insertInstant,
    lastUpdateInstant: theme.lastUpdateInstant,
  };
}

/** Registers the Theme API routes. */
export function registerThemeRoutes(app: FastifyInstance, context: DevServerContext): void {
  const apiKey = { onRequest: requireApiKey(context) };
  const save = (reply: FastifyReply, id: string, input: JsonObject, previous?: StoredTheme) => {
    const errors = new ErrorCollector();
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '') errors.field('theme.name', 'blank', 'You must specify the [theme.name] property.');
    if (listThemes(context).some((theme) => theme.id !== id && theme.name === name)) {
      errors.field('theme.name', 'duplicate', `A Theme with name [${name}] already exists.`);
    }
    checkThemeContent(context, input, errors);
    if (!errors.empty) return sendErrors(reply, errors.toErrors());
    const config: JsonObject = {};
    for (const [key, value] of Object.entries(input)) if (!IDENTITY_FIELDS.includes(key)) config[key] = value;
    config.type = input.type ?? 'advanced';
    const now = context.now();
    const theme: StoredTheme = {
      id,
      name,
      stylesheet: typeof input.stylesheet === 'string' ? input.stylesheet : '',
      insertInstant: previous?.insertInstant ?? now,
      lastUpdateInstant: now,
      config,
    };
    saveTheme(context, theme);
    return reply.send({ theme: themeView(theme) });
  };
  const existing = (request: ThemeRoute, reply: FastifyReply): StoredTheme | null => {
    const id = request.params.themeId ?? '';
    if (!checkUuidParam(reply, 'themeId', id)) return null;
    const theme = findTheme(context, id);
    if (!theme) sendEmpty(reply, 404);
    return theme ?? null;
  };
  /** The theme to change, or null once refused: FusionAuth's own theme is read-only. */
  const changeable = (request: ThemeRoute, reply: FastifyReply): StoredTheme | null => {
    const theme = existing(request, reply);
    if (theme?.id !== DEFAULT_THEME_ID) return theme;
    sendErrors(reply, READ_ONLY);
    return null;
  };

  const create = async (request: ThemeRoute, reply: FastifyReply) => {
    const id = request.params.themeId ?? randomUUID();
    if (!checkUuidParam(reply, 'themeId', id)) return reply;
    if (findTheme(context, id))
      return sendErrors(reply, fieldError('themeId', 'duplicate', `A Theme with Id [${id}] already exists.`));
    const input = bodyPart(request.body, 'theme');
    if (!input) return sendErrors(reply, MISSING);
    const sourceId = bodyObject(request.body).sourceThemeId;
    if (sourceId === undefined || sourceId === null) return save(reply, id, input);
    const source = isUuid(sourceId) ? findTheme(context, sourceId) : undefined;
    if (!source) {
      return sendErrors(
        reply,
        fieldError('sourceThemeId', 'invalid', 'The [sourceThemeId] property does not refer to an existing Theme.'),
      );
    }
    return save(reply, id, copyOfTheme(themeView(source), input));
  };
  app.post<ThemeGeneric>('/api/theme', apiKey, create);
  app.post<ThemeGeneric>('/api/theme/:themeId', apiKey, create);

  app.get('/api/theme', apiKey, async (_request, reply) => reply.send({ themes: listThemes(context).map(themeView) }));
  app.get('/api/theme/:themeId', apiKey, async (request: ThemeRoute, reply) => {
    const theme = existing(request, reply);
    return theme ? reply.send({ theme: themeView(theme) }) : reply;
  });
  app.put('/api/theme/:themeId', apiKey, async (request: ThemeRoute, reply) => {
    const theme = changeable(request, reply);
    if (!theme) return reply;
    const input = bodyPart(request.body, 'theme');
    return input ? save(reply, theme.id, input, theme) : sendErrors(reply, MISSING);
  });
  app.patch('/api/theme/:themeId', apiKey, async (request: ThemeRoute, reply) => {
    const theme = changeable(request, reply);
    if (!theme) return reply;
    const merged = applyPatch(request, { theme: themeView(theme) }, bodyObject(request.body));
    return save(reply, theme.id, bodyPart(merged, 'theme') ?? {}, theme);
  });
  app.delete('/api/theme/:themeId', apiKey, async (request: ThemeRoute, reply) => {
    const theme = changeable(request, reply);
    if (!theme) return reply;
    const users = themeUsers(context, theme.id);
    if (users.length > 0) {
      return sendErrors(
        reply,
        fieldError(
          'themeId',
          'inUse',
          `The Theme with Id [${theme.id}] is in use by [${users.join(', ')}] and cannot be deleted.`,
        ),
      );
    }
    deleteTheme(context, theme);
    return sendEmpty(reply, 200);
  });
}

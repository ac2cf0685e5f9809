/**
 * User Search API (https://fusionauth.io/docs/apis/users/search): `POST /api/user/search` with `{search:{ids|queryString,
 * numberOfResults, startRow, sortFields}}` or the same as GET query parameters; answers `{total, users}`.
 * `queryString` supports a small Lucene subset: `*`, `field:value`, bare terms, `*` wildcards, all
 * terms required (AND/OR words are ignored).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DevServerContext } from '../context.ts';
import { listUsers } from '../domain/lookup.ts';
import { userView } from '../domain/views.ts';
import { requireApiKey, tenantFilterOf, tenantScopeOf } from '../http/auth.ts';
import { bodyPart, displayText } from '../http/body.ts';
import type { Json, JsonObject, StoredUser } from '../state/model.ts';

interface SearchCriteria {
  ids?: string[];
  queryString?: string;
  numberOfResults: number;
  startRow: number;
  sortFields: Array<{ name: string; order: 'asc' | 'desc' }>;
}

const TEXT_FIELDS = ['email', 'username', 'firstName', 'lastName', 'fullName'];

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function fieldValues(user: JsonObject, field: string): string[] {
  if (field === 'registrations.applicationId' || field === 'registrations.roles') {
    const key = field.split('.')[1] ?? '';
    const registrations = Array.isArray(user.registrations) ? user.registrations : [];
    return registrations.flatMap((registration) => {
      const value = (registration as JsonObject)[key];
      return Array.isArray(value) ? value.map(displayText) : [displayText(value)];
    });
  }
  const value: Json | undefined = user[field];
  return value === undefined || value === null ? [] : [displayText(value)];
}

function matchesTerm(user: JsonObject, term: string): boolean {
  const colon = term.indexOf(':');
  const field = colon > 0 ? term.slice(0, colon) : undefined;
  const value = (colon > 0 ? term.slice(colon + 1) : term).replace(/^"(.*)"$/, '$1').replace(/\\/g, '');
  const pattern = wildcard(value.includes('*') || field ? value : `*${value}*`);
  const fields = field ? [field] : TEXT_FIELDS;
  return fields.some((name) => fieldValues(user, name).some((candidate) => pattern.test(candidate)));
}

function matchesQuery(user: JsonObject, queryString: string): boolean {
  const terms = queryString.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  return terms.filter((term) => !['AND', 'OR', '*'].includes(term)).every((term) => matchesTerm(user, term));
}

function compare(a: JsonObject, b: JsonObject, sort: SearchCriteria['sortFields']): number {
  for (const { name, order } of sort) {
    const left = displayText(a[name] ?? '');
    const right = displayText(b[name] ?? '');
    if (left !== right) return (left < right ? -1 : 1) * (order === 'desc' ? -1 : 1);
  }
  return 0;
}

function search(users: StoredUser[], criteria: SearchCriteria): { total: number; users: JsonObject[] } {
  let views = users.sort((a, b) => a.insertInstant - b.insertInstant).map((user) => userView(user));
  if (criteria.ids) views = views.filter((view) => criteria.ids?.includes(displayText(view.id)));
  if (criteria.queryString) views = views.filter((view) => matchesQuery(view, criteria.queryString ?? '*'));
  if (criteria.sortFields.length > 0) views.sort((a, b) => compare(a, b, criteria.sortFields));
  return { total: views.length, users: views.slice(criteria.startRow, criteria.startRow + criteria.numberOfResults) };
}

function readCriteria(source: JsonObject): SearchCriteria {
  const ids = source.ids;
  const numeric = (value: Json | undefined, fallback: number) =>
    Number.isInteger(Number(value)) && value !== null && value !== undefined ? Number(value) : fallback;
  const sortFields = Array.isArray(source.sortFields) ? source.sortFields : [];
  return {
    ids: Array.isArray(ids) ? ids.map(String) : typeof ids === 'string' ? [ids] : undefined,
    queryString: typeof source.queryString === 'string' && source.queryString !== '' ? source.queryString : undefined,
    numberOfResults: numeric(source.numberOfResults, 25),
    startRow: numeric(source.startRow, 0),
    sortFields: sortFields.map((field) => {
      const entry = field as JsonObject;
      return { name: displayText(entry.name), order: entry.order === 'desc' ? 'desc' : 'asc' };
    }),
  };
}

/** Registers POST and GET /api/user/search. */
export function registerUserSearchRoutes(app: FastifyInstance, context: DevServerContext): void {
  const candidates = (request: FastifyRequest) => {
    const tenantId = tenantFilterOf(tenantScopeOf(context, request));
    return listUsers(context, tenantId);
  };
  app.post('/api/user/search', { onRequest: requireApiKey(context) }, async (request, reply) => {
    return reply.send(search(candidates(request), readCriteria(bodyPart(request.body, 'search') ?? {})));
  });
  app.get('/api/user/search', { onRequest: requireApiKey(context) }, async (request, reply) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    const source: JsonObject = {};
    for (const [key, value] of Object.entries(query)) if (value !== undefined) source[key] = value;
    return reply.send(search(candidates(request), readCriteria(source)));
  });
}

/**
 * What the OpenAPI walk tells a reader: the count in the package README ("**90 of 323** operations of FusionAuth's
 * OpenAPI spec (1.69.0)") and docs/openapi-coverage.md, each operation and whether the dev server answers it.
 * The walk checks both against what it saw, and writes them when asked (`npm run openapi:count`).
 */
import type { SpecOperation } from '../support/openapi-spec.ts';

/** One operation and whether the dev server answered it (anything but `[UnsupportedEndpoint]`). */
export interface Coverage {
  operation: SpecOperation;
  supported: boolean;
}

interface Source {
  repository: string;
  commit: string;
  version: string;
}

/** The README's count, wrapped anywhere between its words. */
const README_COUNT = /\*\*(\d+) of (\d+)\*\*\s+operations\s+of\s+FusionAuth's\s+OpenAPI\s+spec\s+\(([\d.]+)\)/;

/** The count the README states, or null when it states none. */
export function statedCount(readme: string): { supported: number; total: number; version: string } | null {
  const match = README_COUNT.exec(readme);
  if (!match) return null;
  return { supported: Number(match[1]), total: Number(match[2]), version: match[3] ?? '' };
}

/** The README with its count replaced (the wrapping kept). */
export function withCount(readme: string, coverage: Coverage[], source: Source): string {
  const supported = coverage.filter((entry) => entry.supported).length;
  return readme.replace(README_COUNT, (line) =>
    line
      .replace(/^\*\*\d+ of \d+\*\*/, `**${supported} of ${coverage.length}**`)
      .replace(/\([\d.]+\)$/, `(${source.version})`),
  );
}

/** The API an operation belongs to, by its path: `/api/email/template/{id}` → `/api/email`. */
function apiOf(path: string): string {
  const segments = path.split('/');
  return segments.slice(0, segments[1] === 'api' ? 3 : 2).join('/');
}

/** docs/openapi-coverage.md: every operation of the spec, by API, and whether the dev server answers it. */
export function renderCoverage(coverage: Coverage[], source: Source): string {
  const supported = coverage.filter((entry) => entry.supported).length;
  const byApi = new Map<string, Coverage[]>();
  for (const entry of coverage) {
    const api = apiOf(entry.operation.path);
    byApi.set(api, [...(byApi.get(api) ?? []), entry]);
  }
  const sections = [...byApi.keys()].sort().map((api) => {
    const entries = byApi.get(api) ?? [];
    const rows = entries
      .map(({ operation, supported: answered }) => ({ name: `${operation.method} ${operation.path}`, answered }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, answered }) => `| \`${name}\` | ${answered ? 'yes' : '—'} |`);
    const count = entries.filter((entry) => entry.supported).length;
    return [`## \`${api}\` (${count} of ${entries.length})`, '', '| operation | answered |', '|---|---|', ...rows].join(
      '\n',
    );
  });
  return [
    "# FusionAuth's OpenAPI spec: what the dev server answers",
    '',
    `Every operation of FusionAuth's OpenAPI spec ${source.version} (${source.repository},`,
    `commit \`${source.commit.slice(0, 7)}\`) and whether the dev server answers it, FusionAuth-shaped:`,
    `**${supported} of ${coverage.length}** do; the others answer 404 \`[UnsupportedEndpoint]\`.`,
    '',
    'Written by `npm run openapi:count -w fusionauth-dev-server` from the walk of',
    '`test/contract/openapi-walk.test.ts`, which fails when this page is out of date.',
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}

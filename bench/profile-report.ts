/** The "Where the time goes" part of BENCHMARKS.md: the two profiles side by side, and what they add up to. */
import { CEILING_RATIO_TARGET } from './targets.ts';
import type { TimeBreakdown } from './cpu-profile.ts';
import type { ProfiledRuns } from './where-time-goes.ts';

/** Groups under this many µs per request in both profiles are summed into one row. */
const SMALL_GROUP_MICROS = 0.5;

/** Where the time per request goes in our page and in the page ceiling, group by group. */
export function profileTable({ page, ceiling }: ProfiledRuns): string {
  const groups = [...new Set([...page.breakdown.keys(), ...ceiling.breakdown.keys()])];
  const ours = (group: string) => page.breakdown.get(group) ?? 0;
  const theirs = (group: string) => ceiling.breakdown.get(group) ?? 0;
  const large = groups
    .filter((group) => Math.max(ours(group), theirs(group)) >= SMALL_GROUP_MICROS)
    .sort((a, b) => ours(b) - ours(a));
  const small = groups.filter((group) => !large.includes(group));
  const line = (name: string, a: number, b: number) => `| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} |`;
  return [
    `| where | our page, ${page.mode} mode, ${page.store} store: µs per request | page ceiling: µs per request |`,
    '|---|---:|---:|',
    ...large.map((group) => line(group, ours(group), theirs(group))),
    line(`everything else (${small.length} groups)`, sum(small.map(ours)), sum(small.map(theirs))),
    line('**all sampled time**', total(page.breakdown), total(ceiling.breakdown)),
  ].join('\n');
}

/** The extra time of our page over the ceiling, by kind, and what the ceiling-ratio target leaves for it. */
export function profileSummary({ page, ceiling }: ProfiledRuns): string {
  const extra = (kind: Kind) => part(page.breakdown, kind) - part(ceiling.breakdown, kind);
  const budget = total(ceiling.breakdown) / CEILING_RATIO_TARGET;
  const [largest, largestExtra] = [...page.breakdown]
    .filter(([group]) => kindOf(group) !== 'socket')
    .map(([group, micros]) => [group, micros - (ceiling.breakdown.get(group) ?? 0)] as const)
    .reduce((most, next) => (next[1] > most[1] ? next : most), ['nothing', 0] as const);
  const micros = (value: number) => `${value.toFixed(1)} µs`;
  return `Our page took ${micros(total(page.breakdown) - total(ceiling.breakdown))} more per request than the ceiling:
${micros(extra('socket'))} in socket writes (the same bytes, but the load generator, waiting on a slower server, is
woken for each response), ${micros(extra('runtime'))} in Node and V8 (HTTP, streams, promise ticks and garbage
collection for the hooks and awaits of loading a session), ${micros(extra('packages'))} in packages (Fastify's hooks,
the request logger, the store timings of prom-client, cookie parsing), ${micros(extra('hashing'))} in hashing (the
SHA-256 of the session token and a freshly salted CSRF token per response) and ${micros(extra('app'))} in the app's
own code. ${CEILING_RATIO_TARGET}× the ceiling leaves ${micros(budget)} per request,
${micros(total(page.breakdown) - budget)} less than this page took. No one part holds that much: the largest besides
the socket writes is ${largest}, ${micros(largestExtra)} more than in the ceiling.`;
}

type Kind = 'socket' | 'hashing' | 'app' | 'packages' | 'runtime';

/** What kind of work a group of cpu-profile.ts is. */
function kindOf(group: string): Kind {
  if (group.startsWith('socket writes')) return 'socket';
  if (group.startsWith('Node crypto')) return 'hashing';
  if (group.startsWith('app: ')) return 'app';
  if (group.startsWith('package ')) return 'packages';
  return 'runtime';
}

function part(breakdown: TimeBreakdown, kind: Kind): number {
  return sum([...breakdown].filter(([group]) => kindOf(group) === kind).map(([, micros]) => micros));
}

function total(breakdown: TimeBreakdown): number {
  return sum([...breakdown.values()]);
}

function sum(values: number[]): number {
  return values.reduce((all, value) => all + value, 0);
}

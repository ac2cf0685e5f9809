/**
 * The outside programs some suites need (redis-server, Chromium): found on PATH, never at a fixed path.
 * A missing program skips those suites with a reason that says how to install it; under CI (`CI=true`)
 * it is a failure instead, so a CI run can never go green by skipping.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The first of `names` that is an executable file: an absolute path as it is, a bare name on PATH. */
export function findExecutable(names: readonly string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of names) {
    const candidates = isAbsolute(name) ? [name] : dirs.map((dir) => join(dir, name));
    for (const candidate of candidates) {
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here: try the next place
      }
    }
  }
  return undefined;
}

/**
 * node:test's `skip` reason for a suite whose `tool` is missing. Throws under CI, where `.ci/run`
 * installs every tool and a skip would hide a broken install.
 */
export function skipForMissingTool(tool: string, howToGetIt: string): string {
  const reason = `${tool} not found: ${howToGetIt}`;
  if (process.env.CI === 'true') throw new Error(`CI must run every suite, but ${reason}`);
  return reason;
}

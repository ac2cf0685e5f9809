/**
 * The env file the app reads at start (`.env`, loaded with process.loadEnvFile): setup replaces the
 * lines of the settings it writes and appends the missing ones, keeping every other line, comment and
 * blank line as it was. A new file is created readable by its owner only, since it holds secrets.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';

const SAFE_VALUE = /^[A-Za-z0-9_\-.:/+=@%~,]*$/;
const HEADER = '# FusionAuth settings written by `npm run setup`';

/** The file's variables, or none when it does not exist. */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  const text = await readText(path);
  return text === null ? {} : (parseEnv(text) as Record<string, string>);
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function formatValue(name: string, value: string): string {
  if (SAFE_VALUE.test(value)) return value;
  // Single quotes keep a value literal in Node's env-file parser (no escapes, no comments).
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  throw new Error(`${name}: cannot write a value containing a single quote or a line break to an env file`);
}

/** Renders the file with `settings` applied; other lines unchanged. */
export function applyEnvSettings(text: string, settings: Record<string, string>): string {
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const written = new Set<string>();
  const updated = lines.map((line) => {
    const name = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (name === undefined || !(name in settings) || written.has(name)) return line;
    written.add(name);
    return `${name}=${formatValue(name, settings[name] ?? '')}`;
  });
  const missing = Object.entries(settings).filter(([name]) => !written.has(name));
  if (missing.length > 0) {
    if (updated.length > 0 && updated.at(-1) !== '') updated.push('');
    updated.push(HEADER, ...missing.map(([name, value]) => `${name}=${formatValue(name, value)}`));
  }
  return `${updated.join('\n')}\n`;
}

/** Writes `settings` into the env file; true when the file changed. */
export async function writeEnvSettings(path: string, settings: Record<string, string>): Promise<boolean> {
  const before = await readText(path);
  const after = applyEnvSettings(before ?? '', settings);
  if (after === before) return false;
  await writeFile(path, after, before === null ? { mode: 0o600 } : {});
  return true;
}

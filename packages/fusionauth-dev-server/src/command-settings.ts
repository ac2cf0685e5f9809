/**
 * The command's settings: each from its option (`--port 0`) or else its IDP_* environment variable, checked
 * once at start-up. A misspelt option or IDP_* variable, or a value that is not one, is named in the answer
 * rather than silently ignored.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DevServerOptions } from './server.ts';

/** Where a kickstart is looked for when neither --kickstart nor IDP_KICKSTART is given. */
const CONVENTIONAL_KICKSTART = 'kickstart/kickstart.json';

/** Each setting: its option, its environment variable and what `--help` says about it. */
const SETTINGS = {
  port: { variable: 'IDP_PORT', help: "the port (default 9011, FusionAuth's); 0 picks a free one" },
  host: { variable: 'IDP_HOST', help: 'the interface to listen on (default 127.0.0.1)' },
  data: { variable: 'IDP_DATA', help: 'the folder its state lives in (default .idp); "memory" keeps nothing' },
  kickstart: {
    variable: 'IDP_KICKSTART',
    help: `a kickstart file applied to an empty state (default ${CONVENTIONAL_KICKSTART} when there is one); "" for none`,
  },
  'password-factor': { variable: 'IDP_PASSWORD_FACTOR', help: 'the PBKDF2 work factor (default 24000)' },
  'smtp-url': { variable: 'IDP_SMTP_URL', help: 'also send its emails over SMTP, e.g. smtp://127.0.0.1:1025' },
} as const;
type Setting = keyof typeof SETTINGS;

/**
 * IDP_* names that are not settings but are still ours: IDP_URL is the kickstart's `#{ENV.IDP_URL}`, this
 * server's own URL unless the environment sets it.
 */
const OTHER_VARIABLES = new Set(['IDP_URL']);

export type CommandSettings =
  { kind: 'start'; options: DevServerOptions } | { kind: 'help'; text: string } | { kind: 'invalid'; problem: string };

/** Reads the command line and the environment into the dev server's options, or names what is wrong. */
export function readCommandSettings(args: readonly string[], env: NodeJS.ProcessEnv): CommandSettings {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(args);
  } catch (error) {
    return { kind: 'invalid', problem: `${describeParseError(error)}; --help lists the options` };
  }
  if (parsed.values.help) return { kind: 'help', text: helpText() };
  const unknown = Object.keys(env).filter(
    (name) => name.startsWith('IDP_') && !OTHER_VARIABLES.has(name) && !variableNames().includes(name),
  );
  if (unknown.length > 0)
    return {
      kind: 'invalid',
      problem: `unknown environment variable ${unknown.join(', ')} (known: ${variableNames().join(', ')})`,
    };

  const value = (setting: Setting): { source: string; raw: string } | undefined => {
    const fromOption = parsed.values[setting];
    if (fromOption !== undefined) return { source: `--${setting}`, raw: fromOption };
    const fromEnv = env[SETTINGS[setting].variable];
    return fromEnv === undefined || fromEnv === '' ? undefined : { source: SETTINGS[setting].variable, raw: fromEnv };
  };
  const port = integerSetting(value('port'), 0, 65_535);
  if (typeof port === 'string') return { kind: 'invalid', problem: port };
  const passwordFactor = integerSetting(value('password-factor'), 1, Number.MAX_SAFE_INTEGER);
  if (typeof passwordFactor === 'string') return { kind: 'invalid', problem: passwordFactor };
  const smtpUrl = value('smtp-url');
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl.raw))
    return { kind: 'invalid', problem: `${smtpUrl.source} must be an smtp:// or smtps:// URL, got "${smtpUrl.raw}"` };
  const kickstart = kickstartFile(parsed.values.kickstart ?? env.IDP_KICKSTART);
  if (kickstart.kind === 'missing')
    return { kind: 'invalid', problem: `the kickstart file ${kickstart.file} does not exist` };

  return {
    kind: 'start',
    options: {
      port: port ?? 9011,
      host: value('host')?.raw ?? '127.0.0.1',
      dataDir: value('data')?.raw ?? '.idp',
      kickstartFile: kickstart.file,
      ...(passwordFactor === undefined ? {} : { passwordFactor }),
      ...(smtpUrl ? { smtpUrl: smtpUrl.raw } : {}),
      env: { APP_URL: 'http://localhost:8000', ...env },
    },
  };
}

function parseCommandLine(args: readonly string[]) {
  const options = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, { type: 'string' as const }]));
  return parseArgs({
    args: [...args],
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  }) as { values: Partial<Record<Setting, string>> & { help?: boolean } };
}

/** parseArgs explains an unknown option at length; the first sentence, which names it, is the point. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('. ')[0] ?? message;
}

/** A whole number in [min, max], undefined when unset, or the problem as text. */
function integerSetting(
  value: { source: string; raw: string } | undefined,
  min: number,
  max: number,
): number | undefined | string {
  if (value === undefined) return undefined;
  const number = Number(value.raw);
  if (!Number.isInteger(number) || number < min || number > max)
    return `${value.source} must be a whole number from ${min} to ${max}, got "${value.raw}"`;
  return number;
}

/** The configured file (empty: none), else the conventional one when the working directory has it. */
function kickstartFile(
  configured: string | undefined,
): { kind: 'file'; file: string | null } | { kind: 'missing'; file: string } {
  if (configured === undefined)
    return { kind: 'file', file: existsSync(CONVENTIONAL_KICKSTART) ? CONVENTIONAL_KICKSTART : null };
  if (configured === '') return { kind: 'file', file: null };
  return existsSync(configured) ? { kind: 'file', file: configured } : { kind: 'missing', file: configured };
}

function variableNames(): string[] {
  return Object.values(SETTINGS).map((setting) => setting.variable);
}

function helpText(): string {
  const rows = Object.entries(SETTINGS).map(
    ([name, setting]) => `  --${`${name} <value>`.padEnd(24)} ${setting.variable.padEnd(20)} ${setting.help}`,
  );
  return [
    'Usage: fusionauth-dev-server [options]',
    'A FusionAuth-compatible server for development and tests. Each option may instead be set by its variable.',
    '',
    ...rows,
    `  ${'--help'.padEnd(26)} ${''.padEnd(20)} this text`,
  ].join('\n');
}

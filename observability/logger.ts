/**
 * Switchyard's structured logs: pino (JSON lines, the fastest maintained Node logger, already
 * a dependency) to stdout, one line per event, with `service: "switchyard"` on every line and
 * `subTopology` on the lines of each sub-topology's child logger.
 *
 * Secrets never reach a line: fields named like a secret (password, token, apiToken, apiKey,
 * secret, authorization, cookie…) are censored at any depth up to five levels by pino's
 * `redact`, and credentials inside strings (`scheme://user:password@host`, `Bearer …`) are cut
 * from messages, fields and errors.
 */
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const CENSOR = '[REDACTED]';

/** Field names whose values are secrets, wherever they appear. */
const SECRET_KEYS = [
  'password',
  'passwd',
  'secret',
  'token',
  'apiToken',
  'apiKey',
  'api_key',
  'accessToken',
  'refreshToken',
  'sessionToken',
  'clientSecret',
  'secretAccessKey',
  'privateKey',
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'x-api-key',
  'X-Api-Key',
];
const MAX_DEPTH = 5;

/** `key`, `*.key`, `*.*.key`…: pino's redact paths for every secret field down to MAX_DEPTH. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const leaf = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  return Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => {
    if (depth === 0) return leaf;
    const prefix = Array.from({ length: depth }, () => '*').join('.');
    return leaf.startsWith('[') ? `${prefix}${leaf}` : `${prefix}.${leaf}`;
  });
});

/** The level `value` names (any case, spaces around ignored), or undefined: the one rule, also config's. */
export function logLevelOf(value: string): LogLevel | undefined {
  const level = value.trim().toLowerCase();
  return LOG_LEVELS.find((known) => known === level);
}

/** Validates a log level, naming the variable it came from when it is not one. */
export function parseLogLevel(value: string | undefined, variable = 'LOG_LEVEL'): LogLevel {
  if (value === undefined || value.trim() === '') return 'info';
  const level = logLevelOf(value);
  if (level === undefined) throw new RangeError(`${variable} must be one of ${LOG_LEVELS.join('|')}, got ${JSON.stringify(value)}`);
  return level;
}

export interface LoggerOptions {
  /** A level name (validated); default `info`. */
  readonly level?: string;
  /** Where the lines go; default stdout. */
  readonly destination?: DestinationStream;
  /** Extra fields on every line (e.g. `instance`); `service` is always there. */
  readonly base?: Readonly<Record<string, unknown>>;
}

/**
 * The worker's root logger. `level` is validated: pass what the configuration read from
 * `LOG_LEVEL` (the error names that variable).
 *
 * @example
 * const log = createLogger({ level: process.env.LOG_LEVEL });
 * log.info({ port }, 'serving /metrics');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const errorSerializer = (error: unknown) => scrub(error instanceof Error ? pino.stdSerializers.err(error) : error);
  const settings: PinoOptions = {
    level: parseLogLevel(options.level),
    base: { pid: process.pid, hostname: hostname(), ...options.base, service: 'switchyard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrub(object) as Record<string, unknown>,
      bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
    },
    serializers: { err: errorSerializer, error: errorSerializer },
    hooks: {
      // Messages are not fields: scrub them on the way in.
      logMethod(args, method) {
        const clean = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>;
        method.apply(this, clean);
      },
    },
    redact: { paths: [...REDACT_PATHS], censor: CENSOR },
  };
  // pino's own default destination: stdout, written synchronously, so no line is lost on exit.
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}

/** The logger of one sub-topology: every line says which. */
export function subTopologyLogger(logger: Logger, subTopology: string): Logger {
  return logger.child({ subTopology });
}

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]+)@/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

/** A string with the credentials in URLs and Authorization values replaced. */
export function scrubText(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1$2:${CENSOR}@`).replace(BEARER, `$1 ${CENSOR}`);
}

/** Every string inside `value` scrubbed, down to MAX_DEPTH; errors become plain objects first. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return scrub(pino.stdSerializers.err(value), depth);
  if (Buffer.isBuffer(value) || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrub(item, depth + 1);
  return out;
}

/**
 * Switchyard's structured logs: pino (JSON lines, the fastest maintained Node logger, already
 * a dependency) to stdout, one line per event, with `service: "switchyard"` on every line and
 * `subTopology` on the lines of each sub-topology's child logger.
 *
 * Secrets never reach a line: fields named like a secret (password, token, apiToken, apiKey,
 * secret, authorization, cookie…) are censored at any depth (loggable.ts; pino's `redact` does
 * it again down to five levels), and credentials inside strings (`scheme://user:password@host`,
 * `Bearer …`) are cut from messages, fields and errors.
 *
 * A log call never throws: every field is rendered as plain JSON data before pino sees it
 * (Buffers, Maps, BigInts, cycles, errors with bytes inside: loggable.ts), and a call that throws
 * all the same is replaced by a line that says what could not be logged and why.
 */
import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger, type LoggerOptions as PinoOptions } from 'pino';
import { loggable } from './loggable.ts';

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
const REDACT_DEPTH = 5;

/** `key`, `*.key`, `*.*.key`…: pino's redact paths for every secret field down to REDACT_DEPTH. */
export const REDACT_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const leaf = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  return Array.from({ length: REDACT_DEPTH + 1 }, (_, depth) => {
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
  const settings: PinoOptions = {
    level: parseLogLevel(options.level),
    base: { pid: process.pid, hostname: hostname(), ...options.base, service: 'switchyard' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrub(object) as Record<string, unknown>,
      bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
    },
    serializers: { err: scrub, error: scrub },
    hooks: {
      // Messages are not fields: scrub them on the way in. A log call must never be what kills
      // the process: one that still throws inside pino becomes a line saying what it could not log.
      logMethod(args, method) {
        const clean = withMessage(args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg))) as Parameters<typeof method>;
        try {
          method.apply(this, clean);
        } catch (error) {
          const fallback = unloggedLine(clean, error);
          try {
            method.apply(this, [fallback.fields, fallback.message] as unknown as Parameters<typeof method>);
          } catch {
            // Not even that line could be written: the destination itself is broken; there is nowhere left to say so.
          }
        }
      },
    },
    redact: { paths: [...REDACT_PATHS], censor: CENSOR },
  };
  // pino's own default destination: stdout, written synchronously, so no line is lost on exit.
  const logger = options.destination === undefined ? pino(settings) : pino(settings, options.destination);
  // pino runs a child's bindings through no formatter (it resets `formatters.bindings` for
  // children), only through redaction, which throws on a Buffer: render them first. A child
  // inherits this method from the root, so grandchildren get the same.
  const child = logger.child as unknown as (this: Logger, bindings: Record<string, unknown>, options?: object) => Logger;
  logger.child = function (this: Logger, bindings: Record<string, unknown>, childOptions?: object) {
    return child.call(this, scrub(bindings) as Record<string, unknown>, childOptions);
  } as unknown as Logger['child'];
  return logger;
}

/** pino takes an error's message as the line's when none is given: give it, scrubbed, ourselves. */
function withMessage(args: unknown[]): unknown[] {
  const [first] = args;
  if (args.length !== 1 || typeof first !== 'object' || first === null) return args;
  try {
    const error = first instanceof Error ? first : (first as { err?: unknown }).err;
    if (!(error instanceof Error) || (first as { msg?: unknown }).msg !== undefined) return args;
    return [first, scrubText(String(error.message))];
  } catch {
    return args;
  }
}

/** What replaces a log call that threw: its message, the names of the fields it carried, and why it failed. */
function unloggedLine(args: readonly unknown[], error: unknown): { fields: Record<string, unknown>; message: string } {
  const [first, ...rest] = args;
  const message = typeof first === 'string' ? first : rest.find((arg): arg is string => typeof arg === 'string');
  let fields: string[] = [];
  try {
    fields = typeof first === 'object' && first !== null ? Object.keys(first) : [];
  } catch {
    // a hostile object: no field names either
  }
  const reason = scrubText(error instanceof Error ? error.message : String(error));
  return {
    fields: { logFailure: { reason, fields } },
    message: `could not log ${message === undefined ? 'a line' : JSON.stringify(message)}${fields.length > 0 ? ` with fields ${fields.join(', ')}` : ''}: ${reason}`,
  };
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

const SCRUB = { scrubText, secretKeys: new Set(SECRET_KEYS.map((key) => key.toLowerCase())), censor: CENSOR } as const;

/** `value` as plain JSON data (loggable.ts): strings scrubbed, secret fields censored, bytes and errors rendered safely. */
function scrub(value: unknown): unknown {
  return loggable(value, SCRUB);
}

/**
 * How configuration is declared and read, the one way for every part (after Redpanda Connect's
 * config specs): each setting names its variable, what it is for, its default, whether it is a
 * secret, and an example; a `ConfigSection` is a titled list of settings with the function
 * that reads them, reporting every bad variable into `Problems` as a structured problem
 * (variable, the value as given — redacted for a secret — and what it must be). The specs feed
 * validation, `.env.example` and the redacted view, so none of them can drift from the others.
 */
import { z } from 'zod';
import { ConfigError, type ConfigProblem } from './errors.ts';

export { brokerList, brokerProblem, urlProblem, urlSetting, URL_KINDS, type UrlKind } from './url.ts';

export interface Setting {
  readonly name: string;
  readonly description: string;
  /**
   * The default as the user would write it (`4`, `http://127.0.0.1:8123`), or a sentence saying
   * how it is chosen ("the host name"): a default with white space is a sentence, which
   * `.env.example` shows as text and `readObject` does not take as a value.
   */
  readonly default?: string;
  /**
   * Never logged, never echoed in an error. `'password'`: a URL whose only secret is the password
   * written into it (POSTGRES_URL), which errors show with that password replaced, so the host
   * and port a person must fix are in view.
   */
  readonly secret?: boolean | 'password';
  readonly example?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A value of a redacted configuration: what a log line may show. */
export type Plain = string | number | boolean | readonly string[] | undefined;

/**
 * One part of the configuration: its settings (for `.env.example` and redaction) and how they
 * are read. `read` reports every bad variable into `problems` and returns what it could read
 * (the caller throws one ConfigError listing them all when there are any), or undefined when
 * nothing usable is left.
 */
export interface ConfigSection<T> {
  /** The heading in `.env.example`, e.g. `PostgreSQL`. */
  readonly title: string;
  readonly settings: readonly Setting[];
  read(env: Env, problems: Problems): T | undefined;
}

/** A section read alone: its value, or a ConfigError listing every problem (for tests and one-purpose commands). */
export function readSection<T>(section: ConfigSection<T>, env: Env = process.env): T {
  const problems = new Problems(section.settings);
  const value = section.read(env, problems);
  if (problems.list.length > 0 || value === undefined) throw new ConfigError(problems.list.length > 0 ? problems.list : [{ variable: `(${section.title})`, message: 'could not be read' }]);
  return value;
}

/** A setting's default when it is a value, not a sentence saying how one is chosen. */
export function literalDefault(setting: Setting): string | undefined {
  return setting.default !== undefined && !/\s/.test(setting.default) ? setting.default : undefined;
}

/**
 * Reads `settings` as one object through a zod object schema keyed by variable name: an unset
 * or empty variable takes its setting's literal default (`literalDefault`), and every issue
 * becomes a problem naming its variable and what was given. For the stores, whose rules span
 * several variables.
 */
export function readObject<T>(settings: readonly Setting[], schema: z.ZodType<T>, env: Env, problems: Problems): T | undefined {
  const raw = Object.fromEntries(settings.map((s) => [s.name, valueOf(env, s.name) ?? literalDefault(s)]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const variable = String(issue.path[0] ?? settings[0]?.name ?? '(unknown)');
    problems.add(variable, issue.message, valueOf(env, variable));
  }
  return undefined;
}

/** A variable's value, unset when absent or empty (an empty line in `.env` means "use the default"). */
export function valueOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads variables through zod schemas, collecting every problem instead of stopping at the
 * first. A schema's message says what the value must be; the problem keeps the value given,
 * except a secret's (or a URL with credentials), which it replaces with `redacted`.
 */
export class Problems {
  readonly list: ConfigProblem[] = [];
  readonly #secrets: Set<string>;

  /** `settings`: what is known of the variables, so a secret's value is never kept in a problem. */
  constructor(settings: readonly Setting[] = []) {
    this.#secrets = new Set(settings.filter((s) => s.secret === true).map((s) => s.name));
  }

  /** One problem; `value` is what was given: a secret's replaced, and any password written into a URL. */
  add(variable: string, message: string, value?: string): void {
    const shown = value === undefined ? undefined : this.#secrets.has(variable) ? REDACTED : redactCredentials(value);
    this.list.push(shown === undefined ? { variable, message } : { variable, message, value: shown });
  }

  /** The parsed value, the parsed default when unset, or undefined after recording why not. */
  read<T>(env: Env, name: string, schema: z.ZodType<T>, fallback?: string): T | undefined {
    const given = valueOf(env, name);
    const raw = given ?? fallback;
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.add(name, parsed.error.issues[0]?.message ?? 'is invalid', given);
    return undefined;
  }
}

/** What a secret's value is shown as. */
export const REDACTED = 'redacted';

/**
 * A URL as it may be shown: a password written into it replaced (the user name stays: it says
 * who connects, and is no secret by itself); text that WHATWG does not parse as `redactCredentials` shows it.
 */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password === '') return text;
    url.password = REDACTED;
    return url.toString();
  } catch {
    // Not only typos: pg's `postgres://u:pw@/db?host=/socket` is valid and WHATWG refuses it.
    return redactCredentials(text);
  }
}

/**
 * Text as it may be shown when it may be a URL, parsed or not (a bad port makes `URL` refuse it,
 * and the password must go all the same): the password of `scheme://user:password@` (up to the
 * last `@`, also without the scheme or with a slash in the password) and the value of a
 * `password=`, `token=` or `key=` query parameter replaced.
 */
export function redactCredentials(text: string): string {
  const userinfo = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text) ? /^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#@:]*:)[^?#]*@/ : /^([^/?#@:]*:)[^?#]*@/;
  return text
    .replace(userinfo, `$1${REDACTED}@`)
    .replace(/([?&](?:password|passwd|pwd|secret|token|api[_-]?key|key)=)[^&#]*/gi, `$1${REDACTED}`);
}

/** A whole number within bounds, with the message saying which. */
export function wholeNumber(min: number, max: number): z.ZodType<number> {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.string().regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));
}

/** `true` or `false`, nothing looser: `KAFKA_SSL=yes` is a typo until proven otherwise. */
export const booleanFlag: z.ZodType<boolean> = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

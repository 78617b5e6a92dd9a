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

export interface Setting {
  readonly name: string;
  readonly description: string;
  /** The default as the user would write it, or a sentence saying how it is chosen. */
  readonly default?: string;
  /**
   * The value used when the variable is unset, when `default` is a sentence rather than a value
   * (`readObject` reads it); unset, `default` is taken as the value.
   */
  readonly literalDefault?: string;
  /** Never logged, never echoed in an error. */
  readonly secret?: boolean;
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

/**
 * Reads `settings` as one object through a zod object schema keyed by variable name: an unset
 * or empty variable takes its setting's literal default, and every issue becomes a problem
 * naming its variable. For the stores, whose rules span several variables.
 */
export function readObject<T>(settings: readonly Setting[], schema: z.ZodType<T>, env: Env, problems: Problems): T | undefined {
  const raw = Object.fromEntries(settings.map((s) => [s.name, valueOf(env, s.name) ?? s.literalDefault ?? s.default]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const variable = String(issue.path[0] ?? settings[0]?.name ?? '(unknown)');
    problems.add(variable, issue.message, valueOf(env, variable));
  }
  return undefined;
}

/** The stores' object-form specs (`{ POSTGRES_URL: { description, default, secret } }`) as settings. */
export function settingsOf(spec: Readonly<Record<string, { readonly description: string; readonly default: string | undefined; readonly secret: boolean }>>): Setting[] {
  return Object.entries(spec).map(([name, s]) => ({
    name,
    description: s.description,
    ...(s.default === undefined || s.default === '' ? {} : { default: s.default }),
    ...(s.secret ? { secret: true } : {}),
  }));
}

/** A variable's value, unset when absent or empty (an empty line in `.env` means "use the default"). */
export function valueOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Reads variables through zod schemas, collecting every problem instead of stopping at the
 * first. A schema's message says what the value must be; the value itself is never quoted,
 * since it may be a secret.
 */
export class Problems {
  readonly list: ConfigProblem[] = [];
  readonly #secrets: Set<string>;

  /** `settings`: what is known of the variables, so a secret's value is never kept in a problem. */
  constructor(settings: readonly Setting[] = []) {
    this.#secrets = new Set(settings.filter((s) => s.secret).map((s) => s.name));
  }

  /** Learns more settings' secrecy (a section read into a shared Problems). */
  know(settings: readonly Setting[]): this {
    for (const s of settings) if (s.secret) this.#secrets.add(s.name);
    return this;
  }

  /** One problem; `value` is what was given, kept only when the variable is not a secret (and not a URL with credentials). */
  add(variable: string, message: string, value?: string): void {
    const shown = value === undefined ? undefined : this.#secrets.has(variable) || /\/\/[^/@\s]*:[^/@\s]*@/.test(value) ? REDACTED : value;
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

/** A whole number within bounds, with the message saying which. */
export function wholeNumber(min: number, max: number): z.ZodType<number> {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.string().regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));
}

/** `true` or `false`, nothing looser: `KAFKA_SSL=yes` is a typo until proven otherwise. */
export const booleanFlag: z.ZodType<boolean> = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

/**
 * How a setting is declared (after Redpanda Connect's config specs): its variable, what it is
 * for, its default, whether it is a secret, and an example. The specs feed validation,
 * `.env.example` and the redacted view, so none of them can drift from the others.
 */
import { z } from 'zod';
import type { ConfigProblem } from './errors.ts';

export interface Setting {
  readonly name: string;
  readonly description: string;
  /** The default as the user would write it, or a sentence saying how it is chosen. */
  readonly default?: string;
  /** Never logged, never echoed in an error. */
  readonly secret?: boolean;
  readonly example?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

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

  add(variable: string, message: string): void {
    this.list.push({ variable, message });
  }

  /** The parsed value, the parsed default when unset, or undefined after recording why not. */
  read<T>(env: Env, name: string, schema: z.ZodType<T>, fallback?: string): T | undefined {
    const raw = valueOf(env, name) ?? fallback;
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    this.add(name, parsed.error.issues[0]?.message ?? 'is invalid');
    return undefined;
  }
}

/** A whole number within bounds, with the message saying which. */
export function wholeNumber(min: number, max: number): z.ZodType<number> {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.string().regex(/^\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));
}

/** `true` or `false`, nothing looser: `KAFKA_SSL=yes` is a typo until proven otherwise. */
export const booleanFlag: z.ZodType<boolean> = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');

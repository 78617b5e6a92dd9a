/**
 * Reading webhook bodies: JSON text → a value checked against a zod schema of exactly the
 * fields a normalizer uses (everything else passes through untouched), with failures as a
 * JSON path and a reason, ready for the dead-letter topic.
 *
 * zod (v4) rather than hand-written checks: it is the maintained standard for parsing untrusted
 * JSON in TypeScript, infers the types it checks, and reports the path of every problem.
 */
import { z } from 'zod';
import { LOSSLESS_LONG } from '../avro/timestampMillis.ts';
import { invalid, type Outcome } from './normalizer.ts';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly path: string; readonly reason: string };

/** `$.pull_request.merged_at`, `$.commits[2].id`: the path of a zod issue in JSON-path form. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`;
}

/** Parse JSON text (a RawWebhook body) with a schema. */
export function parseBody<S extends z.ZodType>(schema: S, body: string): Parsed<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, path: '$', reason: `body is not JSON: ${(error as Error).message}` };
  }
  return parseValue(schema, json);
}

/** Check an already parsed value with a schema. */
export function parseValue<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, path: jsonPath(issue.path), reason: issue.message };
}

/** `parseValue`, with a failure already turned into an `invalid` outcome. */
export function readValue<S extends z.ZodType>(schema: S, value: unknown, then: (parsed: z.infer<S>) => Outcome): Outcome {
  const parsed = parseValue(schema, value);
  return parsed.ok ? then(parsed.value) : invalid(parsed.path, parsed.reason);
}

/** Epoch milliseconds within what Avro's timestamp-millis carries losslessly (see LOSSLESS_LONG). */
export const epochMillis = z.int().min(LOSSLESS_LONG.min).max(LOSSLESS_LONG.max);

/**
 * An ISO-8601 timestamp (as GitHub, Jira and Alertmanager send them) read as epoch
 * milliseconds, refused when it falls outside what the events can carry.
 */
export const isoMillis = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'not an ISO-8601 timestamp')
  .transform((text) => Date.parse(text))
  .pipe(epochMillis);

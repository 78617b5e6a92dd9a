/**
 * How a store reads its object-form spec (sinks/<store>/config.ts: `{ VARIABLE: { description,
 * default, secret } }`) from the environment: an unset or empty variable takes the spec's
 * default, the store's zod schema checks them all at once, and every bad variable goes into one
 * error, `invalid <Store> configuration: VAR what it must be; VAR …`. config/errors.ts's
 * `problemsFrom` reads that message back into one problem per variable, so its shape is fixed.
 * The message never echoes the input: a URL may hold a password.
 */
import type { z } from 'zod';

/** The part of a store's spec read here; the descriptions and secrets feed config/spec.ts's settingsOf. */
export type StoreSpec = Readonly<Record<string, { readonly default: string | undefined }>>;

export function loadFromSpec<T>(
  spec: StoreSpec,
  schema: z.ZodType<T>,
  env: Readonly<Record<string, string | undefined>>,
  ErrorClass: new (message: string) => Error,
  store: string,
): T {
  const raw = Object.fromEntries(
    Object.entries(spec).map(([name, setting]) => {
      const value = env[name];
      return [name, value === undefined || value === '' ? setting.default : value];
    }),
  );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
    throw new ErrorClass(`invalid ${store} configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}

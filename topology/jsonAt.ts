/**
 * One value out of an untrusted JSON body, without a schema: for a webhook's key, or a look at
 * a body to tell whose it is, where a missing or mistyped field means "no answer" rather than
 * an invalid payload (normalizers parse with zod, payload.ts).
 */
type Json = Record<string, unknown>;

/** The value as an object, or undefined (arrays and null are not objects here). */
export const objectOf = (value: unknown): Json | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined);

/** What `path` leads to in `value`: keys for objects, indexes for arrays; undefined off the path. */
export const at = (value: unknown, ...path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((node, part) => (typeof part === 'number' ? (Array.isArray(node) ? node[part] : undefined) : objectOf(node)?.[part]), value);

/** The non-empty string at `path`, or undefined. */
export const textAt = (value: unknown, ...path: readonly (string | number)[]): string | undefined => {
  const found = at(value, ...path);
  return typeof found === 'string' && found !== '' ? found : undefined;
};

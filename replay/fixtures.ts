/**
 * The sources' real webhook fixtures (`Normalizer.fixtures`), as templates for the synthetic
 * generator: payload shapes the normalizers are tested against, so what is built from them is
 * what the sources send, not what we imagine they send.
 *
 * GitHub's payloads carry dozens of REST API links per repository and user (`forks_url`,
 * `followers_url`, …): `slim` drops those, and `_links`, which no normalizer reads, so a
 * million synthetic webhooks are 2–7 KB each instead of 20–26 KB. `html_url` and the deployment
 * status URLs, which normalizers read, are kept.
 */
import { fixtureNamed, readJson, type JsonObject } from '../topology/fixtures.ts';
import { normalizerFor } from '../topology/sources.ts';

export type { JsonObject } from '../topology/fixtures.ts';

/** A source's fixture by its name in the source's list (`push/payload.json`), parsed; a fresh copy each call. */
export function fixture(source: string, name: string): JsonObject {
  const normalizer = normalizerFor(source);
  if (normalizer === undefined) throw new Error(`no source ${source} has fixtures`);
  return readJson(fixtureNamed(normalizer, name).file);
}

const KEPT_URLS = new Set(['html_url', 'log_url', 'target_url', 'environment_url']);

/** A copy of `value` without the API links nobody reads. */
export function slim<T>(value: T): T {
  if (Array.isArray(value)) return value.map(slim) as T;
  if (typeof value !== 'object' || value === null) return value;
  const kept = Object.entries(value).filter(([key]) => key !== '_links' && (!key.endsWith('_url') || KEPT_URLS.has(key)));
  return Object.fromEntries(kept.map(([key, item]) => [key, slim(item)])) as T;
}

/**
 * What one synthetic webhook is made from: its index in the run, its own seeded generator, the
 * time it happens, and ids no other webhook of the run has. Shared by the per-source builders.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { gatewayHeaders } from '../webhook.ts';
import { hexId, rng, hash32, uuidId, type Rng } from '../random.ts';

export interface Draw {
  readonly seed: number;
  readonly index: number;
  readonly rng: Rng;
  /** When the event happens, epoch ms: runs forward ~37 s per webhook from a fixed start. */
  readonly at: number;
  /** A 40-hex-digit id of this webhook and `label` (a commit sha, a fingerprint). */
  hex(label: string): string;
  /** A UUID of this webhook and `label` (Notion ids). */
  uuid(label: string): string;
  /** `base + index`: a numeric id no other webhook of the run has in that range. */
  numeric(base: number): number;
}

/** Monday 5 January 2026, 08:00 UTC: the first synthetic webhook's time. */
export const START = Date.parse('2026-01-05T08:00:00Z');
export const STEP_MS = 37_000;

export function draw(seed: number, index: number): Draw {
  return {
    seed,
    index,
    rng: rng(hash32('synthetic', seed, index)),
    at: START + index * STEP_MS,
    hex: (label) => hexId(seed, index, label),
    uuid: (label) => uuidId(seed, index, label),
    numeric: (base) => base + index,
  };
}

export const iso = (millis: number): string => new Date(millis).toISOString();
/** GitHub's timestamp style: seconds, `Z`. */
export const githubTime = (millis: number): string => `${new Date(millis).toISOString().slice(0, 19)}Z`;

/** The envelope of a synthetic webhook: received a second or two after it happened. */
export function synthetic(d: Draw, source: string, eventName: string, body: unknown): RawWebhook {
  const deliveryId = `synthetic-${d.seed}-${d.index}`;
  return { source, eventName, deliveryId, receivedAt: d.at + 1000 + d.rng.int(2000), headers: gatewayHeaders(source, eventName, deliveryId), body: JSON.stringify(body) };
}

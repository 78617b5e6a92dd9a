/**
 * A deterministic generator of synthetic raw webhooks, for `npm run bench`, `npm run chaos` and
 * `switchyard replay --synthetic N`: the same seed gives the same webhooks, byte for byte.
 *
 * The mix (shares of all webhooks, the weights below): GitHub 45 % (pushes of 1–3 commits, pull
 * requests opened and merged, reviews, deployment statuses, workflow runs), Jira 30 % (issues
 * created, transitioned, assigned, comments, a sprint closed now and then), Notion 5 %,
 * Prometheus and Alertmanager 20 %; across 20 repositories, 8 Jira projects and 60 developers
 * (`cast.ts`). Each webhook is a real fixture transformed (`synthetic/*.ts`), so every one
 * normalizes, and has its own delivery id and event ids: no two webhooks of a run (one seed,
 * indexes `firstIndex` … `firstIndex + count - 1`) share an event id. Numeric ids follow the
 * index, so two runs with different seeds share ids; continue a run with `firstIndex` instead.
 *
 * Lazy: a generator, so 1,000,000 webhooks never sit in memory at once.
 *
 * What a webhook should become is what its normalizer makes of it: `expectedEvents` runs the
 * normalizer itself, the oracle a checker compares the stores with.
 *
 * The mix is replay's, not the sources': it is the traffic of one made-up company (`cast.ts`),
 * built on the sources' fixtures (`fixtures.ts`) and sent with their headers, and a source needs
 * no place in it to be replayed, keyed or normalized.
 */
import type { EngEvent, RawWebhook } from '../avro/generated/types.ts';
import { normalizerFor } from '../topology/sources.ts';
import { draw, type Draw } from './synthetic/draw.ts';
import { GITHUB_KINDS } from './synthetic/github.ts';
import { JIRA_KINDS } from './synthetic/jira.ts';
import { NOTION_KINDS } from './synthetic/notion.ts';
import { PROMETHEUS_KINDS } from './synthetic/prometheus.ts';

/** Every kind of synthetic webhook, with its weight (the weights add up to 100). */
export const SYNTHETIC_MIX: Readonly<Record<string, { readonly weight: number; readonly build: (d: Draw) => RawWebhook }>> = {
  ...GITHUB_KINDS,
  ...JIRA_KINDS,
  ...NOTION_KINDS,
  ...PROMETHEUS_KINDS,
};

const KINDS = Object.entries(SYNTHETIC_MIX);
const TOTAL_WEIGHT = KINDS.reduce((sum, [, kind]) => sum + kind.weight, 0);

export interface SyntheticOptions {
  /** How many webhooks. */
  readonly count: number;
  /** Default 1. */
  readonly seed?: number;
  /** The index of the first webhook (default 0): a later run continues an earlier one's ids. */
  readonly firstIndex?: number;
}

/** The kind of webhook `index` of `seed` is (a key of SYNTHETIC_MIX). */
function kindOf(d: Draw): string {
  let roll = d.rng.next() * TOTAL_WEIGHT;
  for (const [name, kind] of KINDS) {
    roll -= kind.weight;
    if (roll < 0) return name;
  }
  return KINDS.at(-1)![0];
}

/** One synthetic webhook, and its kind. */
export function syntheticWebhook(seed: number, index: number): { readonly kind: string; readonly webhook: RawWebhook } {
  const d = draw(seed, index);
  const kind = kindOf(d);
  return { kind, webhook: SYNTHETIC_MIX[kind]!.build(d) };
}

function check(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`synthetic: ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/** `count` synthetic webhooks, lazily. */
export function* syntheticWebhooks(options: SyntheticOptions): Generator<RawWebhook> {
  const count = check('count', options.count, 0);
  const seed = check('seed', options.seed ?? 1, 0);
  const first = check('firstIndex', options.firstIndex ?? 0, 0);
  for (let index = first; index < first + count; index += 1) yield syntheticWebhook(seed, index).webhook;
}

/**
 * The events a webhook normalizes to, by its own normalizer: none for a webhook it skips. A
 * webhook it would dead-letter throws, naming the path and reason: a synthetic webhook never
 * should, and a checker must not count on events of one that does.
 */
export function expectedEvents(webhook: RawWebhook): readonly EngEvent[] {
  const normalizer = normalizerFor(webhook.source);
  if (normalizer === undefined) throw new Error(`expectedEvents: no normalizer for source "${webhook.source}" (delivery ${webhook.deliveryId})`);
  const outcome = normalizer.normalize(webhook);
  if (outcome.kind === 'invalid') throw new Error(`expectedEvents: delivery ${webhook.deliveryId} (${webhook.source} ${webhook.eventName}) is invalid at ${outcome.path}: ${outcome.reason}`);
  return outcome.kind === 'normalized' ? outcome.events : [];
}

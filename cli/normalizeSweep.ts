/**
 * What Switchyard makes of every webhook under some paths (files or folders of fixtures, exported
 * deliveries in JSON lines), without Kafka: `switchyard normalize PATH…`. A user subscribing a
 * webhook to everything wants to know, before pointing it at a cluster, what will be kept, what
 * is skipped and why, and whether anything would be dead-lettered.
 *
 * Each webhook is read the way `replay` reads it (replay/read.ts: the on-disk form, or a bare body
 * whose source and event its place and fields tell) and normalized by its source. Every webhook
 * ends in exactly one outcome, and the tally groups them by source and event name, so a skip is
 * always shown beside the event it names.
 */
import type { RawWebhook } from '../avro/generated/types.ts';
import { readWebhooks } from '../replay/read.ts';
import { isUnreadable, type ReplayInput } from '../replay/webhook.ts';
import { normalizerFor } from '../topology/sources.ts';

export type SweepOutcome = 'normalized' | 'skipped' | 'deadLetter' | 'unreadable' | 'ignored';

/** One webhook (or one file that could not be read as one) and what became of it. */
export interface SweptWebhook {
  /** Where it came from: the file (`path:line` in JSON lines), or the delivery id it carries. */
  readonly origin: string;
  readonly source: string | null;
  readonly eventName: string | null;
  readonly outcome: SweepOutcome;
  /** The kinds of the events it yielded, in order (one per event). */
  readonly kinds: readonly string[];
  /** Why it was skipped, dead-lettered or not read. */
  readonly reason: string | null;
  /** The JSON path into the body a dead letter names. */
  readonly path: string | null;
}

/** The webhooks of one source and event name, counted by outcome. */
export interface SweepGroup {
  readonly source: string;
  readonly eventName: string;
  webhooks: number;
  normalized: number;
  skipped: number;
  deadLetters: number;
  /** Events yielded, by kind. */
  readonly kinds: Map<string, number>;
  /** Each distinct skip reason and how many webhooks gave it. */
  readonly skipReasons: Map<string, number>;
}

export interface SweepTotals {
  readonly webhooks: number;
  readonly normalized: number;
  readonly events: number;
  readonly skipped: number;
  readonly deadLetters: number;
  readonly unreadable: number;
  /** Files under a folder that are no webhooks at all (READMEs): listed, not an error. */
  readonly ignored: number;
}

/** What one webhook became; never throws (a normalizer that throws is a bug, shown as a dead letter with its message). */
export function sweepOne(input: ReplayInput): SweptWebhook {
  if (isUnreadable(input)) {
    return { origin: input.origin, source: null, eventName: null, outcome: input.ignored ? 'ignored' : 'unreadable', kinds: [], reason: input.reason, path: null };
  }
  const webhook: RawWebhook = input;
  const origin = webhook.deliveryId.startsWith('file:') ? webhook.deliveryId.slice('file:'.length) : webhook.deliveryId;
  const base = { origin, source: webhook.source, eventName: webhook.eventName };
  const normalizer = normalizerFor(webhook.source);
  if (normalizer === undefined) return { ...base, outcome: 'unreadable', kinds: [], reason: `no source named "${webhook.source}"`, path: null };
  let outcome;
  try {
    outcome = normalizer.normalize(webhook);
  } catch (error) {
    return { ...base, outcome: 'deadLetter', kinds: [], reason: `the normalizer threw: ${error instanceof Error ? error.message : String(error)}`, path: null };
  }
  switch (outcome.kind) {
    case 'normalized':
      return { ...base, outcome: 'normalized', kinds: outcome.events.map((event) => event.type), reason: null, path: null };
    case 'skipped':
      return { ...base, outcome: 'skipped', kinds: [], reason: outcome.reason, path: null };
    case 'invalid':
      return { ...base, outcome: 'deadLetter', kinds: [], reason: outcome.reason, path: outcome.path };
  }
}

/** Every webhook under `paths`, in order, as swept. */
export async function* sweep(paths: readonly string[], now = Date.now()): AsyncGenerator<SweptWebhook> {
  for (const target of paths) {
    for await (const input of readWebhooks(target, { now })) yield sweepOne(input);
  }
}

/** Tallies swept webhooks by source and event name, in the order first seen. */
export class SweepTally {
  readonly groups = new Map<string, SweepGroup>();
  /** Dead letters and unreadable files, each shown in full. */
  readonly failures: SweptWebhook[] = [];
  readonly ignored: SweptWebhook[] = [];

  add(swept: SweptWebhook): void {
    if (swept.outcome === 'ignored') return void this.ignored.push(swept);
    if (swept.outcome === 'deadLetter' || swept.outcome === 'unreadable') this.failures.push(swept);
    if (swept.source === null || swept.eventName === null) return;
    const key = `${swept.source}\u0000${swept.eventName}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { source: swept.source, eventName: swept.eventName, webhooks: 0, normalized: 0, skipped: 0, deadLetters: 0, kinds: new Map(), skipReasons: new Map() };
      this.groups.set(key, group);
    }
    group.webhooks += 1;
    if (swept.outcome === 'normalized') group.normalized += 1;
    if (swept.outcome === 'skipped') {
      group.skipped += 1;
      group.skipReasons.set(swept.reason!, (group.skipReasons.get(swept.reason!) ?? 0) + 1);
    }
    if (swept.outcome === 'deadLetter') group.deadLetters += 1;
    for (const kind of swept.kinds) group.kinds.set(kind, (group.kinds.get(kind) ?? 0) + 1);
  }

  totals(): SweepTotals {
    const groups = [...this.groups.values()];
    const sum = (pick: (g: SweepGroup) => number) => groups.reduce((total, g) => total + pick(g), 0);
    return {
      webhooks: sum((g) => g.webhooks),
      normalized: sum((g) => g.normalized),
      events: sum((g) => [...g.kinds.values()].reduce((a, b) => a + b, 0)),
      skipped: sum((g) => g.skipped),
      deadLetters: this.failures.filter((f) => f.outcome === 'deadLetter').length,
      unreadable: this.failures.filter((f) => f.outcome === 'unreadable').length,
      ignored: this.ignored.length,
    };
  }
}

/**
 * The audits of a chaos run (`npm run chaos`, and `--faults`): each store audited for every
 * event it should hold, exactly once (its descriptor's `audit`), and the dead-letter topic for
 * exactly the poison webhooks. Audits are repeated for a while when they fail, since a store may
 * still be settling what it acknowledged (ClickHouse merges, the last batch in flight); a
 * failure that outlasts that is the verdict.
 *
 * A store may be audited without some events: the fault run's poison is good everywhere but in
 * the store that must refuse it (a 9 KB key in Neo4j, a NUL in PostgreSQL), so that store is
 * audited without the events its own sink dead-lettered (`refusedBy`).
 */
import type kafkajs from 'kafkajs';
import type { Codec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import { auditDeadLetters, type AuditResult } from '../audit/index.ts';
import { findings } from '../audit/result.ts';
import type { SwitchyardConfig } from '../config/index.ts';
import { messageOf } from '../operators/errors.ts';
import { STORES } from '../sinks/registry.ts';
import type { AnyStore } from '../sinks/store.ts';
import { sinkOf } from '../worker/assemble.ts';

export type Audit = () => Promise<AuditResult>;

/** Event ids a store's own sink must refuse; the store is audited without them. */
export type RefusedBy = (store: string) => ReadonlySet<string>;

export interface AuditInputs {
  readonly config: SwitchyardConfig;
  readonly kafka: kafkajs.Kafka;
  readonly codec: Codec;
  readonly events: readonly EngEvent[];
  readonly poisonIds: readonly string[];
}

export interface SettleOptions {
  /** How long after the first audit began a failing one is tried again. */
  readonly settleMs: number;
  readonly log: (line: string) => void;
  /** Pause between tries of a failing audit; 5 s by default. */
  readonly everyMs?: number;
}

const NOTHING_REFUSED: RefusedBy = () => new Set();

/**
 * Each selected store's audit, on a sink built as the worker builds it, of `events` minus what
 * `refusedBy` names for that store; `close` releases the sinks. An audit that throws is a failed
 * audit that says why, not a crashed run.
 */
export function storeAudits(config: SwitchyardConfig, events: readonly EngEvent[], refusedBy: RefusedBy = NOTHING_REFUSED): { readonly audits: readonly Audit[]; close(): Promise<void> } {
  // The worker's own sinks: the audits read the stores exactly as the worker configured them.
  const stores = (STORES as readonly AnyStore[]).filter((store) => config.selected.includes(store.name as never)).map((store) => ({ store, sink: sinkOf(store, config) }));
  return {
    audits: stores.map(({ store, sink }) => {
      const refused = refusedBy(store.name);
      const kept = refused.size === 0 ? events : events.filter((e) => !refused.has(e.eventId));
      return () => store.audit(sink, kept).catch((error: unknown) => failedAudit(store.name, kept.length, error));
    }),
    close: async () => void (await Promise.all(stores.map(({ sink }) => sink.close().catch(() => {})))),
  };
}

/** Runs each audit in turn, again every `everyMs` while it fails until `settleMs` after the first began; the last result of each. */
export async function untilSettled(audits: readonly Audit[], options: SettleOptions): Promise<AuditResult[]> {
  const every = options.everyMs ?? 5_000;
  const deadline = Date.now() + options.settleMs;
  const results: AuditResult[] = [];
  for (const audit of audits) {
    let result = await audit();
    while (!result.ok && Date.now() < deadline) {
      options.log(`  ${result.store}: not yet (${result.missing} missing, ${result.duplicated} duplicated, ${result.mismatched} mismatched); auditing again in ${every / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, every));
      result = await audit();
    }
    results.push(result);
  }
  return results;
}

/** Every selected store audited until settled (and `deadLetters` after them, in the same wait), its sinks closed after. */
export async function auditStores(config: SwitchyardConfig, events: readonly EngEvent[], options: SettleOptions & { readonly refusedBy?: RefusedBy; readonly deadLetters?: Audit }): Promise<AuditResult[]> {
  const stores = storeAudits(config, events, options.refusedBy);
  try {
    return await untilSettled(options.deadLetters ? [...stores.audits, options.deadLetters] : stores.audits, options);
  } finally {
    await stores.close();
  }
}

/** `npm run chaos`'s verdict: every store, then the dead-letter topic holding exactly `poisonIds`. */
export async function auditEverything(inputs: AuditInputs, options: SettleOptions): Promise<AuditResult[]> {
  const { config, kafka, codec, poisonIds } = inputs;
  const deadLetters = () => auditDeadLetters({ kafka, topic: config.topics.names.deadLetters, codec, expected: poisonIds });
  return auditStores(config, inputs.events, { ...options, deadLetters });
}

function failedAudit(store: string, expected: number, error: unknown): AuditResult {
  const found = findings(store);
  found.mismatched(`the audit itself failed: ${messageOf(error)}`.slice(0, 400));
  return found.result(expected);
}

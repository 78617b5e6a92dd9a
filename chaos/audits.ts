/**
 * The chaos run's verdict: each store audited for every event it should hold, exactly once (its
 * descriptor's `audit`), and the dead-letter topic for exactly the poison webhooks. Audits are
 * repeated for a while when they fail, since a store may still be settling what it acknowledged
 * (ClickHouse merges, the last batch in flight); a failure that outlasts that is the verdict.
 */
import type kafkajs from 'kafkajs';
import type { Codec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import { auditDeadLetters, type AuditResult } from '../audit/index.ts';
import type { SwitchyardConfig } from '../config/index.ts';
import { STORES } from '../sinks/registry.ts';
import type { AnyStore } from '../sinks/store.ts';
import { sinkOf } from '../worker/assemble.ts';

export interface AuditInputs {
  readonly config: SwitchyardConfig;
  readonly kafka: kafkajs.Kafka;
  readonly codec: Codec;
  readonly events: readonly EngEvent[];
  readonly poisonIds: readonly string[];
}

/** Each selected store's audit, on a sink built as the worker builds it; `close` releases them. */
export function storeAudits(config: SwitchyardConfig, events: readonly EngEvent[]): { readonly audits: readonly (() => Promise<AuditResult>)[]; close(): Promise<void> } {
  // The worker's own sinks: the audits read the stores exactly as the worker configured them.
  const stores = (STORES as readonly AnyStore[]).filter((store) => config.selected.includes(store.name as never)).map((store) => ({ store, sink: sinkOf(store, config) }));
  return {
    audits: stores.map(({ store, sink }) => () => store.audit(sink, events)),
    close: async () => void (await Promise.all(stores.map(({ sink }) => sink.close().catch(() => {})))),
  };
}

export async function auditEverything(inputs: AuditInputs, options: { settleMs: number; log: (line: string) => void }): Promise<AuditResult[]> {
  const { config, events } = inputs;
  const stores = storeAudits(config, events);
  const audits: readonly (() => Promise<AuditResult>)[] = [
    ...stores.audits,
    () => auditDeadLetters({ kafka: inputs.kafka, topic: config.topics.names.deadLetters, codec: inputs.codec, expected: inputs.poisonIds }),
  ];
  try {
    const deadline = Date.now() + options.settleMs;
    const results: AuditResult[] = [];
    for (const audit of audits) {
      let result = await audit();
      while (!result.ok && Date.now() < deadline) {
        options.log(`  ${result.store}: not yet (${result.missing} missing, ${result.duplicated} duplicated, ${result.mismatched} mismatched); auditing again in 5 s`);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        result = await audit();
      }
      results.push(result);
    }
    return results;
  } finally {
    await stores.close();
  }
}

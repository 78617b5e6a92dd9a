/**
 * The chaos run's verdict: each store audited for every event it should hold, exactly once
 * (audit/), and the dead-letter topic for exactly the poison webhooks. Audits are repeated for
 * a while when they fail, since a store may still be settling what it acknowledged (ClickHouse
 * merges, the last batch in flight); a failure that outlasts that is the verdict.
 */
import type kafkajs from 'kafkajs';
import type { Codec } from '../avro/codec.ts';
import type { EngEvent } from '../avro/generated/types.ts';
import { auditClickHouse, auditDeadLetters, auditNeo4j, auditPostgres, auditVectors, type AuditResult } from '../audit/index.ts';
import type { SwitchyardConfig } from '../config/index.ts';
import { SINK_BUILDERS } from '../worker/assemble.ts';

export interface AuditInputs {
  readonly config: SwitchyardConfig;
  readonly kafka: kafkajs.Kafka;
  readonly codec: Codec;
  readonly events: readonly EngEvent[];
  readonly poisonIds: readonly string[];
}

export async function auditEverything(inputs: AuditInputs, options: { settleMs: number; log: (line: string) => void }): Promise<AuditResult[]> {
  const { config, events } = inputs;
  // The worker's own builders: the audits read the stores exactly as the worker configured them.
  const postgres = SINK_BUILDERS.postgres(config);
  const clickhouse = SINK_BUILDERS.clickhouse(config);
  const neo4j = SINK_BUILDERS.neo4j(config);
  const vectors = SINK_BUILDERS.pinecone(config);
  const stores: readonly (() => Promise<AuditResult>)[] = [
    () => auditPostgres(postgres.pool, events),
    () => auditClickHouse(clickhouse, events),
    () => auditNeo4j(neo4j, events),
    () => auditVectors(vectors.vectorStore, events),
    () => auditDeadLetters({ kafka: inputs.kafka, topic: config.topics.names.deadLetters, codec: inputs.codec, expected: inputs.poisonIds }),
  ];
  try {
    const deadline = Date.now() + options.settleMs;
    const results: AuditResult[] = [];
    for (const audit of stores) {
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
    await Promise.all([postgres, clickhouse, neo4j, vectors].map((sink) => sink.close().catch(() => {})));
  }
}

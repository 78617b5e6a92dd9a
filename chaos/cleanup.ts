/**
 * Removes what a chaos or bench run made (unless --keep): its topics and consumer groups, and each
 * store's corner of it (its descriptor's `isolation.drop`: the PostgreSQL schema, the ClickHouse
 * database, Neo4j nodes and constraints under the label prefix, the pgvector tables). Best
 * effort: each step that fails is reported, none stops the others.
 */
import type kafkajs from 'kafkajs';
import type { SwitchyardConfig } from '../config/index.ts';
import { allTopics } from '../config/index.ts';
import { messageOf } from '../operators/errors.ts';
import { STORES, type Store } from '../sinks/registry.ts';
import type { AnyStore } from '../sinks/store.ts';

export async function cleanUp(config: SwitchyardConfig, kafka: kafkajs.Kafka, groups: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  const step = async (what: string, work: () => Promise<unknown>) => work().catch((error: unknown) => problems.push(`${what}: ${messageOf(error)}`));

  const admin = kafka.admin();
  await step('kafka', async () => {
    await admin.connect();
    await admin.deleteGroups([...groups]).catch(() => {});
    await admin.deleteTopics({ topics: allTopics(config.topics.names) });
  });
  await admin.disconnect().catch(() => {});

  for (const store of STORES as readonly AnyStore[]) {
    if (config.selected.includes(store.name as Store)) await step(store.name, () => store.isolation.drop(config.stores[store.name as Store]));
  }
  return problems;
}

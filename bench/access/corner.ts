/**
 * The access bench's corner of the stack: filled once through the real pipeline
 * (access/testing/populatedCorner.ts: the samples, BENCH_ACCESS_WEBHOOKS synthetic webhooks and
 * the Shop DORA history), or a corner an earlier run kept (BENCH_KEEP=1) opened again by its id
 * (BENCH_ACCESS_CORNER), so iterating on the bench does not cost a fill each time.
 *
 * A kept corner's names all derive from its id (chaos/isolation.ts), so reopening it needs only
 * the id; its organization file is written afresh (the one the fill wrote lives in a temporary
 * directory). How many events it holds is computed again from the webhooks it was filled with:
 * reuse it with the BENCH_ACCESS_WEBHOOKS and BENCH_SEED it was filled with.
 */
import kafkajs from 'kafkajs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RawWebhook } from '../../avro/generated/types.ts';
import { cleanUp } from '../../chaos/cleanup.ts';
import { isolation } from '../../chaos/isolation.ts';
import { loadConfig, type SwitchyardConfig } from '../../config/index.ts';
import { SHOP_ORGANIZATION, type PopulatedCorner } from '../../access/testing/populatedCorner.ts';
import { sampleWebhooks, syntheticWebhooks } from '../../replay/index.ts';
import { samplesLanded } from '../../scripts/start/samplesLanded.ts';
import { shopEvents } from '../../sinks/clickhouse/dora/testing/shopEvents.ts';
import { parseOrganizationFile } from '../../sinks/organization.ts';
import { STORE_NAMES } from '../../sinks/registry.ts';
import { routesTo } from '../../topology/routing.ts';
import { SUB_TOPOLOGIES } from '../../worker/selection.ts';

export interface CornerContents {
  readonly webhooks: number;
  /** Distinct events across the stores: the webhooks' normalized events and the Shop history's. */
  readonly events: number;
  /** Distinct events each store holds. */
  readonly stores: Readonly<Record<string, number>>;
}

/** METRICS_PORT of a reopened corner: no worker runs there, but the configuration must name a port. */
const UNUSED_PORT = 9;

/** The samples and `count` synthetic webhooks of `seed`: what the corner is filled with. */
export function benchWebhooks(count: number, seed: number): RawWebhook[] {
  return [...sampleWebhooks(), ...syntheticWebhooks({ count, seed })];
}

/** What a corner filled with `webhooks` holds (the pipeline's own oracle, replay/synthetic.ts `expectedEvents`). */
export function contentsOf(webhooks: readonly RawWebhook[], config: SwitchyardConfig): CornerContents {
  const expected = samplesLanded(webhooks, config.channels);
  const shop = shopEvents();
  const stores = Object.fromEntries(STORE_NAMES.map((store) => [store, expected.stores[store] + shop.filter((event) => routesTo(store, event)).length]));
  return { webhooks: webhooks.length, events: expected.events + shop.length, stores };
}

/** A fresh corner id: `bench_<bench>_` and a little randomness (lower case, digits, underscores). */
export function freshCornerId(bench: string): string {
  return `bench_${bench}_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`;
}

/** Corner `id` as a fill left it (kept), without filling it again; `cleanUp` drops it. */
export function keptCorner(id: string): PopulatedCorner {
  if (!/^[a-z0-9_]+$/.test(id)) throw new Error(`BENCH_…_CORNER must be a kept corner's id (lower case, digits, underscores), got ${JSON.stringify(id)}`);
  const dir = mkdtempSync(path.join(tmpdir(), `switchyard-${id}-`));
  const organizationFile = path.join(dir, 'organization.json');
  writeFileSync(organizationFile, JSON.stringify(SHOP_ORGANIZATION));
  const env = { ...isolation(id, UNUSED_PORT).env, SWITCHYARD_TEAMS_FILE: organizationFile };
  const config = loadConfig({ ...process.env, ...env });
  return {
    id,
    env,
    config,
    organization: parseOrganizationFile(JSON.stringify(SHOP_ORGANIZATION), organizationFile),
    cleanUp: async () => {
      await dropCorner(id);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Drops everything corner `id` made (topics, groups, each store's corner); returns what could not
 * be dropped. For Ctrl-C during a fill, when populatedCorner has not handed back its own clean-up yet.
 */
export async function dropCorner(id: string): Promise<string[]> {
  const config = loadConfig({ ...process.env, ...isolation(id, UNUSED_PORT).env });
  const kafka = new kafkajs.Kafka({ ...config.kafka, logLevel: kafkajs.logLevel.NOTHING });
  return cleanUp(config, kafka, SUB_TOPOLOGIES.map((name) => `${config.worker.applicationId}.${name}`));
}

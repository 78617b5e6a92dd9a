/**
 * When `npm start` may say the samples landed: each store's sink has written (outcome ok) at
 * least as many events as the samples route to it, and the actuator has acted on (or dry-run)
 * every command and notification they derive. Read from this process's own metrics, so it
 * needs no query of its own against any store.
 */
import type { EngEvent, RawWebhook } from '../../avro/generated/types.ts';
import { actuatorActions } from '../../metrics/registry.ts';
import { sinkWriteRecords } from '../../metrics/topology.ts';
import { expectedEvents } from '../../replay/index.ts';
import { jiraCommandsFor } from '../../topology/derive/jiraCommands.ts';
import { slackNotificationFor, type ChannelMap } from '../../topology/derive/slackNotifications.ts';
import { STORE_NAMES as STORES, type Store } from '../../sinks/registry.ts';
import { routesTo } from '../../topology/routing.ts';

export interface ExpectedLanding {
  /** Distinct normalized events the webhooks make. */
  readonly events: number;
  readonly stores: Readonly<Record<Store, number>>;
  readonly actions: number;
}

export function samplesLanded(webhooks: Iterable<RawWebhook>, channels: ChannelMap): ExpectedLanding {
  const events = new Map<string, EngEvent>();
  for (const webhook of webhooks) for (const event of expectedEvents(webhook)) events.set(event.eventId, event);
  const all = [...events.values()];
  const stores = Object.fromEntries(STORES.map((store) => [store, all.filter((e) => routesTo(store, e)).length])) as Record<Store, number>;
  let actions = 0;
  for (const event of all) {
    if (event.type === 'commit.pushed') actions += jiraCommandsFor(event).length;
    else if (event.type === 'issue.updated' && 'notification' in slackNotificationFor(event, channels)) actions += 1;
  }
  return { events: all.length, stores, actions };
}

async function written(store: Store): Promise<number> {
  const metric = await sinkWriteRecords.get();
  return metric.values.filter((v) => v.labels.sub_topology === `sink:${store}` && v.labels.outcome === 'ok').reduce((sum, v) => sum + v.value, 0);
}

async function acted(): Promise<number> {
  return (await actuatorActions.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Resolves once everything expected landed; rejects after `timeoutMs` naming what did not. */
export async function waitForSamples(expected: ExpectedLanding, options: { timeoutMs: number; onWait?: (left: string) => void }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastSaid = Date.now();
  for (;;) {
    const left: string[] = [];
    for (const store of STORES) {
      const done = await written(store);
      if (done < expected.stores[store]) left.push(`${store} ${done}/${expected.stores[store]}`);
    }
    const actions = await acted();
    if (actions < expected.actions) left.push(`actuator ${actions}/${expected.actions}`);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the samples did not all land within ${options.timeoutMs / 1000} s: ${left.join(', ')} (see .stack/logs/worker.log)`);
    if (Date.now() - lastSaid > 10_000) {
      options.onWait?.(left.join(', '));
      lastSaid = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

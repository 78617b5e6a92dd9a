/**
 * The normalizer of `prometheus-metrics`, where two senders share one raw topic, told apart by
 * the RawWebhook's eventName:
 *
 * | eventName      | source       | body                                        | emits                                              |
 * | -------------- | ------------ | ------------------------------------------- | -------------------------------------------------- |
 * | `alerts`       | alertmanager | Alertmanager webhook, version "4"           | alert.firing / .resolved, per alert                |
 * | `query_result` | prometheus   | HTTP API query response (vector or matrix)  | metric.sampled, per sample                         |
 *
 * Anything else (`remote_write` among them, until its JSON rendering is specified) is skipped.
 * See README.md for the documented forms, and each file for its ids; how the webhooks are keyed
 * and told on disk: webhooks.ts; the samples: samples.ts.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { fixturesIn } from '../fixtures.ts';
import { skipped, type Normalizer, type Outcome } from '../normalizer.ts';
import { alerts } from './alerts.ts';
import { queryResult } from './queryResult.ts';
import { prometheusSamples } from './samples.ts';
import { PROMETHEUS_EVENT_NAMES, prometheusKey, recognizePrometheus } from './webhooks.ts';
import { alertmanagerReceiver } from './receiver.ts';

const kinds: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map([
  [PROMETHEUS_EVENT_NAMES.alerts, alerts],
  [PROMETHEUS_EVENT_NAMES.queryResult, queryResult],
]);

export const prometheus: Normalizer = {
  source: 'prometheus',
  senders: ['alertmanager'],
  topic: 'prometheus-metrics',
  normalize(webhook) {
    const kind = kinds.get(webhook.eventName);
    return kind === undefined ? skipped(`${webhook.source} event ${webhook.eventName} is not used: see topology/prometheus/README.md`) : kind(webhook);
  },
  key: prometheusKey,
  receivers: [alertmanagerReceiver],
  recognize: recognizePrometheus,
  headers: () => ({}),
  fixtures: fixturesIn(new URL('./fixtures/', import.meta.url), recognizePrometheus),
  samples: prometheusSamples,
};

/**
 * The normalizer of `prometheus-metrics`, where two senders share one raw topic, told apart by
 * the RawWebhook's eventName:
 *
 * | eventName      | source       | body                                        | emits                                              |
 * | -------------- | ------------ | ------------------------------------------- | -------------------------------------------------- |
 * | `alerts`       | alertmanager | Alertmanager webhook, version "4"           | alert.firing / .resolved, per alert               |
 * | `query_result` | prometheus   | HTTP API query response (vector or matrix)  | prometheus.metric.sampled, per sample              |
 *
 * Anything else (`remote_write` among them, until its JSON rendering is specified) is skipped.
 * See README.md for the documented forms, and each file for its ids.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { skipped, type Normalizer, type Outcome } from '../normalizer.ts';
import { alerts } from './alerts.ts';
import { queryResult } from './queryResult.ts';

/** The eventName of each form, as the gateway must set it. */
export const PROMETHEUS_EVENT_NAMES = Object.freeze({ alerts: 'alerts', queryResult: 'query_result' } as const);

const kinds: ReadonlyMap<string, (webhook: RawWebhook) => Outcome> = new Map([
  [PROMETHEUS_EVENT_NAMES.alerts, alerts],
  [PROMETHEUS_EVENT_NAMES.queryResult, queryResult],
]);

export const prometheus: Normalizer = {
  source: 'prometheus',
  topic: 'prometheus-metrics',
  normalize(webhook) {
    const kind = kinds.get(webhook.eventName);
    return kind === undefined ? skipped(`${webhook.source} event ${webhook.eventName} is not used: see topology/prometheus/README.md`) : kind(webhook);
  },
};

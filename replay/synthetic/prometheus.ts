/**
 * Synthetic Prometheus query results and Alertmanager notifications, on the shapes of
 * `topology/prometheus/fixtures/`: a vector of 2–4 series of one of the cast's services per
 * scrape (the webhook's time, so no two webhooks share a sample), and now and then an alert
 * firing or resolved with its own fingerprint.
 */
import type { RawWebhook } from '../../avro/generated/types.ts';
import { REPOSITORIES } from '../cast.ts';
import { fixture, type JsonObject } from '../fixtures.ts';
import { iso, synthetic, type Draw } from './draw.ts';

const METRICS = ['http_requests_total', 'http_request_duration_seconds_sum', 'process_cpu_seconds_total', 'up'];

function queryResult(d: Draw): RawWebhook {
  const service = d.rng.pick(REPOSITORIES).service;
  const metric = d.rng.pick(METRICS);
  const seconds = d.at / 1000 + d.rng.int(1000) / 1000;
  const result = Array.from({ length: d.rng.between(2, 4) }, (_, k) => ({
    metric: { __name__: metric, job: service, instance: `${service}-${k + 1}:8080` },
    value: [seconds, metric === 'up' ? (d.rng.chance(0.97) ? '1' : '0') : (d.rng.next() * 10_000).toFixed(3)],
  }));
  return synthetic(d, 'prometheus', 'query_result', { status: 'success', data: { resultType: 'vector', result } });
}

let alertTemplate: JsonObject | undefined;

function alerts(d: Draw): RawWebhook {
  const base = (alertTemplate ??= fixture('prometheus', 'alertmanager.firing.json'));
  const service = d.rng.pick(REPOSITORIES).service;
  const alertname = d.rng.pick(['HighErrorRate', 'HighLatency', 'PodCrashLooping', 'DiskAlmostFull']);
  const severity = d.rng.pick(['critical', 'warning', 'warning']);
  const resolved = d.rng.chance(0.3);
  const status = resolved ? 'resolved' : 'firing';
  const labels = { alertname, job: service, severity };
  const summary = `${service}: ${alertname}`;
  const list = Array.from({ length: d.rng.between(1, 2) }, (_, k) => ({
    status,
    labels: { ...labels, instance: `${service}-${k + 1}:8080` },
    annotations: { summary },
    startsAt: iso(d.at - d.rng.between(1, 30) * 60_000),
    endsAt: resolved ? iso(d.at) : '0001-01-01T00:00:00Z',
    generatorURL: `http://prometheus.acme.example:9090/graph?g0.expr=${encodeURIComponent(alertname)}`,
    fingerprint: d.hex(`alert-${k}`).slice(0, 16),
  }));
  return synthetic(d, 'alertmanager', 'alerts', {
    ...base,
    groupKey: `{}/{severity="${severity}"}:{alertname="${alertname}"}`,
    status,
    groupLabels: { alertname },
    commonLabels: labels,
    commonAnnotations: { summary },
    externalURL: 'http://alertmanager.acme.example:9093',
    alerts: list,
  });
}

export const PROMETHEUS_KINDS = {
  'prometheus.query_result': { weight: 16, build: queryResult },
  'alertmanager.alerts': { weight: 4, build: alerts },
} as const;

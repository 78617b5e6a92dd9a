import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { prometheus } from './index.ts';
import { parseSampleValue } from './queryResult.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

const normalize = fixtureNormalizer(prometheus, fixtures, 'delivery-prom-1');

const alerts = (file: string, edit?: (body: any) => void) => normalize(file, 'alerts', edit, 'alertmanager');
const query = (file: string, edit?: (body: any) => void) => normalize(file, 'query_result', edit, 'prometheus');

/** Alerts and samples have no actor, repository or project; all are delivered as the test's webhook. */
const unattributed = { actor: null, repository: null, projectKey: null, deliveryId: 'delivery-prom-1' } as const;

function sample(series: string, name: string, labels: Record<string, string>, timestamp: number, value: number): EngEvent {
  return {
    eventId: `prometheus.metric.sampled:${series}:${timestamp}`,
    type: 'metric.sampled',
    occurredAt: timestamp,
    source: 'prometheus',
    ...unattributed,
    payload: { name, labels, value, timestamp },
  };
}

describe('prometheus normalizer', () => {
  it('is the prometheus source on prometheus-metrics', () => {
    expect(prometheus.source).toBe('prometheus');
    expect(prometheus.topic).toBe('prometheus-metrics');
  });

  describe('Alertmanager webhooks (eventName alerts)', () => {
    it('one alertmanager.alert.firing per firing alert, endsAt null', () => {
      expect(alerts('alertmanager.firing.json')).toEqual({
        kind: 'normalized',
        events: [
          {
            eventId: 'alertmanager.alert.firing:5f5b2d1c8a1e9b03:1714986090123',
            type: 'alert.firing',
            occurredAt: 1714986090123,
            source: 'alertmanager',
            ...unattributed,
            payload: {
              fingerprint: '5f5b2d1c8a1e9b03',
              alertName: 'HighErrorRate',
              status: 'firing',
              severity: 'critical',
              labels: { alertname: 'HighErrorRate', instance: 'checkout-1:8080', job: 'checkout', severity: 'critical' },
              annotations: { summary: 'Checkout error rate above 5%', runbook_url: 'https://runbooks.example.org/checkout/errors' },
              startsAt: 1714986090123,
              endsAt: null,
              generatorUrl: 'http://prometheus.example.org:9090/graph?g0.expr=job%3Acheckout_errors%3Arate5m+%3E+0.05&g0.tab=1',
            },
          },
          {
            eventId: 'alertmanager.alert.firing:a70c6e2f41d3b88e:1714978920000',
            type: 'alert.firing',
            occurredAt: 1714978920000,
            source: 'alertmanager',
            ...unattributed,
            payload: {
              fingerprint: 'a70c6e2f41d3b88e',
              alertName: 'HighErrorRate',
              status: 'firing',
              severity: 'critical',
              labels: { alertname: 'HighErrorRate', instance: 'checkout-2:8080', job: 'checkout', severity: 'critical' },
              annotations: { summary: 'Checkout error rate above 5%' },
              startsAt: 1714978920000,
              endsAt: null,
              generatorUrl: null,
            },
          },
        ],
      });
    });

    it('a resolved alert → alertmanager.alert.resolved at its end, with the same fingerprint and start', () => {
      expect(alerts('alertmanager.resolved.json')).toEqual({
        kind: 'normalized',
        events: [
          {
            eventId: 'alertmanager.alert.resolved:5f5b2d1c8a1e9b03:1714986090123',
            type: 'alert.resolved',
            occurredAt: 1714988880500,
            source: 'alertmanager',
            ...unattributed,
            payload: {
              fingerprint: '5f5b2d1c8a1e9b03',
              alertName: 'HighErrorRate',
              status: 'resolved',
              severity: 'critical',
              labels: { alertname: 'HighErrorRate', instance: 'checkout-1:8080', job: 'checkout', severity: 'critical' },
              annotations: { summary: 'Checkout error rate above 5%' },
              startsAt: 1714986090123,
              endsAt: 1714988880500,
              generatorUrl: 'http://prometheus.example.org:9090/graph?g0.expr=job%3Acheckout_errors%3Arate5m+%3E+0.05&g0.tab=1',
            },
          },
        ],
      });
    });

    it('an alert without a severity label has severity null; a firing end in the future is no resolution', () => {
      const outcome = alerts('alertmanager.firing.json', (body) => {
        delete body.alerts[0].labels.severity;
        body.alerts[0].endsAt = '2024-05-06T09:06:30.123Z';
      });
      expect(outcome).toMatchObject({ kind: 'normalized', events: [{ payload: { severity: null, endsAt: null } }, {}] });
    });

    it.each([
      ['$.version', (body: any) => (body.version = '3')],
      ['$.version', (body: any) => delete body.version],
      ['$.alerts', (body: any) => delete body.alerts],
      ['$.alerts[1].startsAt', (body: any) => (body.alerts[1].startsAt = 'soon')],
      ['$.alerts[0].labels.alertname', (body: any) => delete body.alerts[0].labels.alertname],
      ['$.alerts[0].labels.job', (body: any) => (body.alerts[0].labels.job = 1)],
      ['$.alerts[1].fingerprint', (body: any) => (body.alerts[1].fingerprint = '')],
      ['$.alerts[0].status', (body: any) => (body.alerts[0].status = 'pending')],
    ])('rejects a firing group with %s broken', (path, edit) => {
      expect(alerts('alertmanager.firing.json', edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });

    it('rejects a version other than "4" saying so', () => {
      expect(alerts('alertmanager.firing.json', (body) => (body.version = '5'))).toEqual({ kind: 'invalid', path: '$.version', reason: expect.stringMatching(/version "4"/) });
    });

    it('rejects a resolved alert without its end time', () => {
      expect(alerts('alertmanager.resolved.json', (body) => (body.alerts[0].endsAt = '0001-01-01T00:00:00Z'))).toEqual({
        kind: 'invalid',
        path: '$.alerts[0].endsAt',
        reason: 'a resolved alert needs the time it ended',
      });
    });
  });

  describe('HTTP API query results (eventName query_result)', () => {
    it('a vector → one prometheus.metric.sampled per series', () => {
      expect(query('query_result.vector.json')).toEqual({
        kind: 'normalized',
        events: [
          sample('up{instance="localhost:9090",job="prometheus"}', 'up', { job: 'prometheus', instance: 'localhost:9090' }, 1435781451781, 1),
          sample('up{instance="localhost:9100",job="node"}', 'up', { job: 'node', instance: 'localhost:9100' }, 1435781451781, 0),
        ],
      });
    });

    it('a matrix → one prometheus.metric.sampled per sample', () => {
      const prom = { job: 'prometheus', instance: 'localhost:9090' };
      const node = { job: 'node', instance: 'localhost:9091' };
      expect(query('query_result.matrix.json')).toEqual({
        kind: 'normalized',
        events: [
          sample('up{instance="localhost:9090",job="prometheus"}', 'up', prom, 1435781430781, 1),
          sample('up{instance="localhost:9090",job="prometheus"}', 'up', prom, 1435781445781, 1),
          sample('up{instance="localhost:9090",job="prometheus"}', 'up', prom, 1435781460781, 1),
          sample('up{instance="localhost:9091",job="node"}', 'up', node, 1435781430781, 0),
          sample('up{instance="localhost:9091",job="node"}', 'up', node, 1435781445781, 0),
          sample('up{instance="localhost:9091",job="node"}', 'up', node, 1435781460781, 1),
        ],
      });
    });

    it('reads NaN and the infinities as Prometheus sends them, and leaves native histograms out', () => {
      expect(query('query_result.special_values.json')).toEqual({
        kind: 'normalized',
        events: [
          sample('job:request_latency_seconds:p99{job="checkout"}', 'job:request_latency_seconds:p99', { job: 'checkout' }, 1714986000000, Number.NaN),
          sample('job:request_latency_seconds:p99{job="payments"}', 'job:request_latency_seconds:p99', { job: 'payments' }, 1714986000000, Infinity),
          sample('job:balance_delta:sum{job="ledger"}', 'job:balance_delta:sum', { job: 'ledger' }, 1714986000000, -Infinity),
          sample('job:request_latency_seconds:p50{job="checkout"}', 'job:request_latency_seconds:p50', { job: 'checkout' }, 1714986000500, 0.0125),
        ],
      });
    });

    it('quotes label values in the id, so a comma or quote in one cannot make two series collide', () => {
      const outcome = query('query_result.vector.json', (body) => {
        body.data.result = [{ metric: { __name__: 'm', a: '1",b="2' }, value: [1, '1'] }, { metric: { __name__: 'm', a: '1', b: '2' }, value: [1, '1'] }];
      });
      expect(outcome.kind === 'normalized' && outcome.events.map((event) => event.eventId)).toEqual([
        'prometheus.metric.sampled:m{a="1\\",b=\\"2"}:1000',
        'prometheus.metric.sampled:m{a="1",b="2"}:1000',
      ]);
    });

    it.each([
      ['query_result.scalar.json', /scalar query result has no series/],
      ['query_result.error.json', /failed query \(error\): bad_data: invalid parameter/],
    ])('skips %s', (file, reason) => {
      expect(query(file)).toEqual({ kind: 'skipped', reason: expect.stringMatching(reason) });
    });

    it.each([
      ['$.data.result[0].metric.__name__', (body: any) => delete body.data.result[0].metric.__name__],
      ['$.data.result[1].value[1]', (body: any) => (body.data.result[1].value[1] = 'one')],
      ['$.data.result[1].value[1]', (body: any) => (body.data.result[1].value[1] = 1)],
      ['$.data.result[0].value[0]', (body: any) => (body.data.result[0].value[0] = '1435781451.781')],
      ['$.data.result[0].value[0]', (body: any) => (body.data.result[0].value[0] = 1e300)],
      ['$.data.result[0].value', (body: any) => delete body.data.result[0].value],
      ['$.data.resultType', (body: any) => (body.data.resultType = 'table')],
      ['$.data', (body: any) => delete body.data],
      ['$.status', (body: any) => delete body.status],
    ])('rejects a vector with %s broken', (path, edit) => {
      expect(query('query_result.vector.json', edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });

    it('rejects a matrix sample without its value at the path of the sample', () => {
      expect(query('query_result.matrix.json', (body) => (body.data.result[1].values[2] = [1435781460.781]))).toMatchObject({ kind: 'invalid', path: '$.data.result[1].values[2]' });
    });
  });

  it.each([
    ['prometheus', 'remote_write'],
    ['alertmanager', 'alert'],
    ['prometheus', 'query'],
  ])('skips %s %s', (source, eventName) => {
    expect(normalize('query_result.vector.json', eventName, undefined, source)).toEqual({ kind: 'skipped', reason: `${source} event ${eventName} is not used: see topology/prometheus/README.md` });
  });

  it.each([
    ['1', 1],
    ['-0.5', -0.5],
    ['1e-7', 1e-7],
    ['+2.5E3', 2500],
    ['.5', 0.5],
    ['NaN', Number.NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['Inf', Infinity],
    ['', undefined],
    [' 1', undefined],
    ['0x10', undefined],
    ['Infinity1', undefined],
    ['1,5', undefined],
  ])('parseSampleValue(%j) is %s', (text, value) => {
    expect(parseSampleValue(text)).toBe(value);
  });
});

/**
 * Prometheus's and Alertmanager's part of the samples `npm start` replays (replay/samples.ts),
 * the fixtures beside this file: `up` as a vector and as a matrix (eight samples), then
 * HighErrorRate firing on checkout, and resolved.
 */
import { readJson } from '../fixtures.ts';
import type { Sample } from '../normalizer.ts';
import { PROMETHEUS_EVENT_NAMES } from './webhooks.ts';

const fixture = (name: string) => readJson(new URL(`./fixtures/${name}`, import.meta.url));

export function prometheusSamples(): Sample[] {
  const query = (name: string): Sample => ({ source: 'prometheus', eventName: PROMETHEUS_EVENT_NAMES.queryResult, body: fixture(name) });
  const alerts = (name: string): Sample => ({ source: 'alertmanager', eventName: PROMETHEUS_EVENT_NAMES.alerts, body: fixture(name) });
  return [query('query_result.vector.json'), query('query_result.matrix.json'), alerts('alertmanager.firing.json'), alerts('alertmanager.resolved.json')];
}

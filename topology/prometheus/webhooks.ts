/**
 * How Prometheus query results and Alertmanager notifications arrive on their shared topic, for
 * replay and the gateway it stands in for:
 *
 * - key: a job, so one service's samples and alerts stay in order: the first series' `job` of a
 *   query result; an Alertmanager group's `commonLabels.job`, else `groupLabels.job`, else the
 *   first alert's `job`, else its `groupKey`.
 * - headers: none kept.
 * - a bare body is Alertmanager's (`alerts`) when it has a `version` and an `alerts` array, and
 *   a Prometheus query result (`query_result`) when it has a `status` and a `data.resultType`
 *   (or an `errorType`).
 */
import type { Recognized } from '../normalizer.ts';
import { objectOf, textAt } from '../jsonAt.ts';

/** The eventName of each form, as the gateway must set it. */
export const PROMETHEUS_EVENT_NAMES = Object.freeze({ alerts: 'alerts', queryResult: 'query_result' } as const);

export function prometheusKey(body: unknown): string | undefined {
  return (
    textAt(body, 'data', 'result', 0, 'metric', 'job') ??
    textAt(body, 'commonLabels', 'job') ??
    textAt(body, 'groupLabels', 'job') ??
    textAt(body, 'alerts', 0, 'labels', 'job') ??
    textAt(body, 'groupKey')
  );
}

export function recognizePrometheus(_file: string, body: object): Recognized | undefined {
  const o = body as { version?: unknown; alerts?: unknown; status?: unknown; errorType?: unknown; data?: unknown };
  if (typeof o.version === 'string' && Array.isArray(o.alerts)) return { by: 'body', source: 'alertmanager', eventName: PROMETHEUS_EVENT_NAMES.alerts };
  if (typeof o.status === 'string' && (typeof objectOf(o.data)?.resultType === 'string' || typeof o.errorType === 'string')) return { by: 'body', source: 'prometheus', eventName: PROMETHEUS_EVENT_NAMES.queryResult };
  return undefined;
}

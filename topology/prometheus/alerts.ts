/**
 * An Alertmanager webhook (`webhook_config`, payload version "4"; eventName `alerts`) → one
 * `alert.firing` or `alert.resolved` event per alert in the group, by
 * that alert's own status: the incidents time to restore service is measured on.
 *
 * occurredAt is when the alert started firing, or for a resolved alert when it ended. A firing
 * alert's endsAt is null: Alertmanager sends Go's zero time, or when Prometheus sent the alert an
 * end it only expects (now + resolve timeout), which is no resolution.
 *
 * A payload version other than "4" is rejected: its fields may mean something else.
 *
 * Id: `<type>:<fingerprint>:<startsAt in epoch ms>`. The fingerprint identifies the alert (its
 * label set) and startsAt the one episode of it firing, so the repeated notifications of one
 * episode share an id, its resolution (the other type) gets its own, and a later episode of the
 * same alert is a new one.
 */
import { z } from 'zod';
import type { AlertNotified, RawWebhook } from '../../avro/generated/types.ts';
import { engEvent, invalid, normalized, type Outcome } from '../normalizer.ts';
import { parseBody } from '../payload.ts';
import { GO_ZERO_TIME, rfc3339Millis } from './time.ts';

const labels = z.record(z.string(), z.string());

const alert = z
  .looseObject({
    status: z.enum(['firing', 'resolved']),
    labels: labels.refine((set) => Object.hasOwn(set, 'alertname'), { path: ['alertname'], message: 'an alert needs an alertname label' }),
    annotations: labels.nullish(),
    startsAt: rfc3339Millis,
    endsAt: rfc3339Millis.nullish(),
    generatorURL: z.string().nullish(),
    fingerprint: z.string().min(1),
  })
  .transform((from, context): AlertNotified => {
    const endsAt = from.status === 'resolved' && from.endsAt !== GO_ZERO_TIME ? (from.endsAt ?? null) : null;
    if (from.status === 'resolved' && endsAt === null) {
      context.addIssue({ code: 'custom', path: ['endsAt'], message: 'a resolved alert needs the time it ended', input: from.endsAt });
      return z.NEVER;
    }
    return {
      fingerprint: from.fingerprint,
      alertName: from.labels['alertname']!,
      status: from.status,
      severity: Object.hasOwn(from.labels, 'severity') ? from.labels['severity']! : null,
      labels: from.labels,
      annotations: from.annotations ?? {},
      startsAt: from.startsAt,
      endsAt,
      generatorUrl: from.generatorURL || null,
    };
  });

const body = z.looseObject({
  version: z.literal('4', { error: 'only version "4" of the Alertmanager webhook payload is supported' }),
  alerts: z.array(alert),
});

export function alerts(webhook: RawWebhook): Outcome {
  const parsed = parseBody(body, webhook.body);
  if (!parsed.ok) return invalid(parsed.path, parsed.reason);
  return normalized(
    parsed.value.alerts.map((payload) => {
      const type = payload.status === 'firing' ? 'alert.firing' : 'alert.resolved';
      return engEvent(webhook, { type, naturalKey: [payload.fingerprint, payload.startsAt], occurredAt: payload.endsAt ?? payload.startsAt, source: 'alertmanager', actor: null, payload });
    }),
  );
}

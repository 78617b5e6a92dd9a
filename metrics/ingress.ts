/**
 * The ingress's metrics (ingress/): deliveries per sender, event and outcome, proofs that
 * failed and why, and how long Kafka took to acknowledge. Labels are bounded: routes come from
 * the receivers, outcomes and reasons from fixed lists, and the event is the sender's event name
 * only once the delivery was proven (`unproven` before, `handshake` for Notion's; `other` for a
 * proven delivery that names none, and past the first 100 names of a sender: the header that
 * names a GitHub event is not signed), so nobody can grow the series without end.
 */
import { Counter, Histogram } from 'prom-client';
import { registry } from './registry.ts';

export const INGRESS_OUTCOMES = ['accepted', 'duplicate', 'handshake', 'unproven', 'unconfigured', 'bad_delivery', 'too_large', 'timeout', 'aborted', 'busy', 'kafka_unavailable', 'error'] as const;
export type IngressOutcome = (typeof INGRESS_OUTCOMES)[number];

export const ingressDeliveries = new Counter({
  name: 'switchyard_ingress_deliveries_total',
  help: 'Webhook deliveries the ingress answered, by sender (route), event (once proven) and outcome',
  labelNames: ['route', 'event', 'outcome'] as const,
  registers: [registry],
});

export const ingressProofFailures = new Counter({
  name: 'switchyard_ingress_proof_failures_total',
  help: 'Deliveries refused for their signature or credentials, by sender and reason (missing, malformed, mismatch, unconfigured)',
  labelNames: ['route', 'reason'] as const,
  registers: [registry],
});

export const ingressProduceDuration = new Histogram({
  name: 'switchyard_ingress_produce_duration_seconds',
  help: 'From a proven delivery handed to the producer to Kafka acknowledging it (acks=all), by sender',
  labelNames: ['route'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

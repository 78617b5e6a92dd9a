/**
 * What the ingress answers a delivery: a status, a JSON body (a problem document for a refusal),
 * extra headers, and the outcome and event it is counted under (metrics/ingress.ts).
 */
import type { IngressOutcome } from '../metrics/ingress.ts';
import { ErrorCodes } from '../operators/errors.ts';
import { problemDocument } from '../observability/problemDocument.ts';

export interface Answer {
  readonly status: 200 | 202 | 400 | 401 | 404 | 405 | 408 | 413 | 500 | 503;
  readonly body: object;
  readonly headers?: Readonly<Record<string, string>>;
  /** Uncounted when absent (a wrong route or method is nobody's delivery). */
  readonly outcome?: IngressOutcome;
  /** The sender's event name, once the delivery is proven (or allowed unproven). */
  readonly event?: string;
}

const TITLES: Readonly<Record<Answer['status'], string>> = { 200: 'OK', 202: 'Accepted', 400: 'Bad delivery', 401: 'Unauthorized', 404: 'Not found', 405: 'Method not allowed', 408: 'Request timeout', 413: 'Delivery too large', 500: 'Internal error', 503: 'Unavailable' };

/** Seconds a sender is asked to wait when Kafka did not take its delivery. */
export const RETRY_AFTER_SECONDS = 5;

export function refusal(status: Answer['status'], code: string, detail: string, outcome?: IngressOutcome, headers?: Readonly<Record<string, string>>): Answer {
  return { status, body: problemDocument(status, code, detail, TITLES[status]), ...(outcome === undefined ? {} : { outcome }), ...(headers === undefined ? {} : { headers }) };
}

/** 503 with Retry-After: Kafka (or the registry) did not take the delivery; nothing was acknowledged. */
export const kafkaUnavailable = (detail: string): Answer => refusal(503, ErrorCodes.ingressKafkaUnavailable, detail, 'kafka_unavailable', { 'Retry-After': String(RETRY_AFTER_SECONDS) });

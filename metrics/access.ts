/**
 * The access layer's metrics (access/, serve/): requests per question, transport and outcome,
 * and how long each question took. Labels are bounded: question names come from the catalogue
 * (an unknown name is counted as `unknown`), outcomes from a fixed list.
 */
import { Counter, Histogram } from 'prom-client';
import { registry } from './registry.ts';

export const ACCESS_OUTCOMES = ['ok', 'truncated', 'bad_input', 'unknown_question', 'unknown_project', 'unauthorized', 'rate_limited', 'too_large', 'refused', 'store_unavailable', 'timeout', 'error'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];
/** How a question was asked; `composition`: as a part of a composition (the composition itself is counted under its caller's transport). */
export type AccessTransport = 'http' | 'mcp' | 'client' | 'composition';

export const accessRequests = new Counter({
  name: 'switchyard_access_requests_total',
  help: 'Questions asked of the access layer, by question, transport (http, mcp, client, composition: a part of one) and outcome',
  labelNames: ['question', 'transport', 'outcome'] as const,
  registers: [registry],
});

export const accessDuration = new Histogram({
  name: 'switchyard_access_duration_seconds',
  help: 'How long a question took to answer, database time included, by question',
  labelNames: ['question'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

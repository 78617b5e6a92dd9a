/**
 * The typed client of the question catalogue: the question's name picks its input and answer
 * types, so a typo in a name or a field fails to compile. In process it asks an `Access`
 * (access/service.ts) directly; `httpClient` (access/httpClient.ts) has the same type over HTTP.
 *
 *     const client = questionClient(openAccess({ stores: config.stores, limits, organization }));
 *     const { metrics } = await client.ask('dora_metrics', { project: 'Shop', period: { month: '2025-03' } });
 *     metrics.deploymentFrequency.deploymentDays;   // typed from the question's output schema
 */
import type { AnswerOf, InputOf, QuestionName } from './catalogue.ts';
import type { Access } from './service.ts';

export interface QuestionClient {
  /** The answer, or an AccessError (bad input 400, unknown project 404, store down 503, timeout 504…). */
  ask<N extends QuestionName>(name: N, input: InputOf<N>, options?: { readonly signal?: AbortSignal }): Promise<AnswerOf<N>>;
}

export function questionClient(access: Access): QuestionClient {
  return {
    ask: async (name, input, options) => (await access.ask(name, input, { transport: 'client', ...(options?.signal === undefined ? {} : { signal: options.signal }) })) as never,
  };
}

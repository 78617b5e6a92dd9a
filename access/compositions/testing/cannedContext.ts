/**
 * Test support: a QuestionContext whose `ask` answers from canned functions by question name, so
 * a composition's merging and ranking are tested without stores. It records every ask, and an
 * unexpected question name fails loudly. The parts' own behaviour is the stack tests' business.
 */
import type { OrganizationFile } from '../../../sinks/organization.ts';
import type { AccessLimits, QuestionContext } from '../../question.ts';

export type Canned = Record<string, (input: Record<string, unknown>) => unknown>;

export interface CannedContext extends QuestionContext {
  /** Every question asked, in order, with its input. */
  readonly asked: { name: string; input: Record<string, unknown> }[];
}

export function cannedContext(answers: Canned, limits: Partial<AccessLimits> = {}, organization?: OrganizationFile): CannedContext {
  const asked: { name: string; input: Record<string, unknown> }[] = [];
  return {
    signal: new AbortController().signal,
    now: Date.UTC(2026, 2, 15),
    limits: { rowCap: 100, maxTopK: 50, timeoutMs: 10_000, ...limits },
    organization,
    asked,
    ask: async (name, input) => {
      const answer = answers[name];
      if (answer === undefined) throw new Error(`cannedContext: no canned answer for ${name}`);
      asked.push({ name, input: input as Record<string, unknown> });
      return answer(input as Record<string, unknown>);
    },
  };
}

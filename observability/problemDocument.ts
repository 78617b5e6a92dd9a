/**
 * An HTTP refusal as `application/problem+json` (RFC 9457): the one shape the access layer and the
 * ingress answer with, so a client reads `code` (operators/errors.ts) without parsing the sentence.
 */
export const PROBLEM_JSON = 'application/problem+json';

export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
}

export function problemDocument(status: number, code: string, detail: string, title: string): ProblemDocument {
  return { type: `urn:switchyard:error:${code}`, title, status, detail, code };
}

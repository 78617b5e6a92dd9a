/**
 * The source and event name of a bare webhook body (a fixture file), told by the sources
 * themselves (`Normalizer.recognize`, each source's `webhooks.ts`): every source is asked, and an
 * answer from the body's own fields wins over one from the file's place (GitHub's, which names
 * its event in a header, not the body). Anything no source tells is unreadable, with the reason.
 */
import type { Normalizer } from '../topology/normalizer.ts';
import { SOURCES, sourceNames } from '../topology/sources.ts';

export type Inferred = { readonly source: string; readonly eventName: string } | { readonly reason: string };

export function inferWebhook(file: string, body: unknown, sources: readonly Normalizer<string>[] = SOURCES): Inferred {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { reason: 'not a JSON object: a webhook body is one' };
  const answers = sources.flatMap((normalizer) => normalizer.recognize(file, body) ?? []);
  const answer = answers.find((a) => a.by === 'body') ?? answers[0];
  if (answer === undefined) return { reason: `cannot tell the source: none of ${sourceNames(sources).join(', ')} recognizes the body or its place` };
  return 'reason' in answer ? { reason: answer.reason } : { source: answer.source, eventName: answer.eventName };
}

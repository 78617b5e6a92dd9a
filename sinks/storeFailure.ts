/**
 * The one sentence every store's classifier (sinks/<store>/errors.ts) makes of a failure: which
 * store, doing what, what the failure says about the record (operators/errors.ts
 * `Classification`, by its own name: the word a reader finds in the code and the docs), and the
 * first line of what the client said. Only the first line, cut to 500 characters: servers append
 * whole query texts and stack traces, which belong in `cause`, not in a log line or a
 * dead-letter reason. A configuration failure says so plainly, since a person
 * must act: the guard retries it without end and dead-letters nothing. A transient one says it is
 * an outage, so a reader of the log does not go looking for a bad record.
 *
 *     storeFailureMessage('Neo4j', 'write', 'permanent', error, 'Neo.ClientError.Schema.ConstraintValidationFailed')
 *     // 'Neo4j write failed (permanent, Neo.ClientError.Schema.ConstraintValidationFailed): Node(1) already exists …'
 */
import { type Classification, messageOf } from '../operators/errors.ts';

const SUFFIX: Readonly<Partial<Record<Classification, string>>> = {
  configuration: " — the store's setup, not the record: retried, never dead-lettered, until a person fixes it",
  transient: ' — an outage, not the record: retried, never dead-lettered, until the store is back',
};

export function storeFailureMessage(store: string, during: string, classification: Classification, error: unknown, detail?: string): string {
  const firstLine = (messageOf(error).split('\n', 1)[0] ?? '').slice(0, 500);
  return `${store} ${during} failed (${classification}${detail ? `, ${detail}` : ''})${SUFFIX[classification] ?? ''}: ${firstLine}`;
}

/**
 * The one sentence every store's classifier (sinks/<store>/errors.ts) makes of a failure: which
 * store, doing what, whether a retry may help, and the first line of what the client said.
 * Only the first line, cut to 500 characters: servers append whole query texts and stack traces,
 * which belong in `cause`, not in a log line or a dead-letter reason.
 *
 *     storeFailureMessage('Neo4j', 'write', false, error, 'Neo.ClientError.Statement.SyntaxError')
 *     // 'Neo4j write failed (permanent, Neo.ClientError.Statement.SyntaxError): Invalid input …'
 */
import { messageOf } from '../operators/errors.ts';

export function storeFailureMessage(store: string, during: string, retriable: boolean, error: unknown, detail?: string): string {
  const firstLine = (messageOf(error).split('\n', 1)[0] ?? '').slice(0, 500);
  return `${store} ${during} failed (${retriable ? 'retriable' : 'permanent'}${detail ? `, ${detail}` : ''}): ${firstLine}`;
}

import { type Observable, merge as rxMerge } from 'rxjs';
import { nodeFor, tag } from './nodes.ts';
import type { StreamRecord } from './record.ts';

export interface MergeOptions {
  readonly name?: string;
}

/**
 * Merges record streams into one, like Kafka Streams' `KStream#merge` (or any streams of the
 * topology, e.g. the failures of several guards on their way to one `deadLetter`).
 *
 * Emits every record of every source as it arrives; completes when all sources complete; errors
 * as soon as one errors. Stateless; keeps the keys. Order is kept within each source (so per key,
 * as long as one key comes from one source) but not across sources. Acks pass through untouched.
 *
 * @example
 * merge([github, jira], { name: 'all-sources' }).pipe(batch({ maxRecords: 500 }))
 * @see split
 */
export function merge<T = StreamRecord<unknown, unknown>>(sources: readonly Observable<T>[], options: MergeOptions = {}): Observable<T> {
  return tag(rxMerge(...sources), nodeFor('merge', options.name, 'processor', sources));
}

/**
 * Packs items, in order, into consecutive groups that each stay within a byte budget (and an
 * item count): how a batch is cut into Kafka sends under a topic's max.message.bytes, or into
 * vector upserts under a request's size. Not an operator: a plain function the operators and the
 * sinks share.
 *
 *     packBySize(messages, { maxBytes: 1_048_576, overhead: 61, sizeOf: recordBytes, tooLarge })
 *
 * Each group's size is `overhead` plus the sum of its items' `sizeOf`. An item that would not fit
 * even alone is never silently dropped or sent: `tooLarge(item, bytes)` says why, and is thrown.
 */
export interface PackOptions<T> {
  readonly maxBytes: number;
  /** Bytes every group costs whatever it holds (a record batch's header, a request's envelope). */
  readonly overhead: number;
  readonly sizeOf: (item: T) => number;
  /** At most this many items per group; default no limit. */
  readonly maxItems?: number;
  /** The error for an item too large to fit alone (`bytes` counts the overhead). */
  readonly tooLarge: (item: T, bytes: number) => Error;
}

export function packBySize<T>(items: readonly T[], options: PackOptions<T>): T[][] {
  const { maxBytes, overhead, sizeOf, maxItems = Number.POSITIVE_INFINITY } = options;
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = overhead;
  for (const item of items) {
    const size = sizeOf(item);
    if (overhead + size > maxBytes) throw options.tooLarge(item, overhead + size);
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      groups.push(current);
      current = [];
      bytes = overhead;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

import { ErrorCodes, SwitchyardError } from './errors.ts';
import { type Ack, type TopicPartition, tpKey } from './record.ts';

/**
 * Which offsets are safe to commit, per topic-partition.
 *
 * Records of a partition are tracked in the order they were consumed. Each one stays pending
 * until every path it took through the topology has finished (see {@link Ack}); the committable
 * offset of a partition is the one after the longest finished prefix — Kafka's "next offset to
 * read" — so it never passes a record still in flight on any branch, nor an abandoned one.
 *
 * Pure and synchronous, no timers: the runner asks {@link committable} when it commits.
 * Finished records leave the queue from its head, so the work per record is O(1) amortized and
 * the memory is the number of records in flight, which the source bounds.
 */
export class OffsetTracker {
  readonly #partitions = new Map<string, PartitionState>();
  readonly #listeners = new Set<(tp: TopicPartition) => void>();

  /**
   * Start tracking a consumed record. Offsets of one partition must increase; an offset at or
   * below the last one means the client re-positioned the partition (a rebalance the port did not
   * report, a seek), so the old state is revoked first: its in-flight records can no longer move
   * the watermark.
   */
  track(tp: TopicPartition, offset: string): Ack {
    const key = tpKey(tp);
    const value = BigInt(offset);
    let state = this.#partitions.get(key);
    if (state !== undefined && state.last !== undefined && value <= state.last) {
      state.revoked = true;
      state = undefined;
    }
    if (state === undefined) {
      state = new PartitionState(tp);
      this.#partitions.set(key, state);
    }
    const entry: Entry = { offset: value, pending: 1, abandoned: false };
    state.push(entry);
    return this.#handle(state, entry);
  }

  /** The offset to commit for a partition (next to read), or undefined while nothing has finished. */
  committable(tp: TopicPartition): string | undefined {
    return this.#partitions.get(tpKey(tp))?.watermark?.toString();
  }

  /** Records of a partition not finished yet (abandoned ones included: they still hold the watermark). */
  inFlight(tp: TopicPartition): number {
    return this.#partitions.get(tpKey(tp))?.unfinished ?? 0;
  }

  /** Whether a partition holds an abandoned record: its watermark cannot move until it is re-read. */
  stuck(tp: TopicPartition): boolean {
    return (this.#partitions.get(tpKey(tp))?.abandoned ?? 0) > 0;
  }

  /** The partitions being tracked. */
  partitions(): TopicPartition[] {
    return [...this.#partitions.values()].map((s) => s.tp);
  }

  /**
   * Forget partitions this consumer no longer owns. Their in-flight records may still finish,
   * but their handles no longer reach any state, so nothing is ever reported past them.
   */
  revoke(tps: Iterable<TopicPartition>): void {
    for (const tp of tps) {
      const key = tpKey(tp);
      const state = this.#partitions.get(key);
      if (state === undefined) continue;
      state.revoked = true;
      this.#partitions.delete(key);
      this.#notify(tp);
    }
  }

  /** Called synchronously whenever a partition's in-flight count drops (for resume-on-drain). */
  onSettle(listener: (tp: TopicPartition) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(tp: TopicPartition): void {
    for (const listener of this.#listeners) listener(tp);
  }

  #handle(state: PartitionState, entry: Entry): Ack {
    const misuse = (what: string) =>
      new SwitchyardError(`ack.${what} on a finished record ${tpKey(state.tp)}@${entry.offset}`, ErrorCodes.ackMisuse, {
        record: { topic: state.tp.topic, partition: state.tp.partition, offset: entry.offset.toString() },
      });
    const settle = (paths: number) => {
      if (entry.pending <= 0 && !entry.abandoned) throw misuse(paths === 0 ? 'done' : 'fork');
      if (entry.abandoned) return;
      entry.pending += paths - 1;
      if (entry.pending > 0 || state.revoked) return;
      state.unfinished -= 1;
      state.advance();
      this.#notify(state.tp);
    };
    return {
      fork: (paths) => {
        if (!Number.isInteger(paths) || paths < 0) throw new RangeError(`ack.fork needs a whole number ≥ 0, got ${paths}`);
        settle(paths);
      },
      done: () => settle(0),
      abandon: () => {
        if (entry.abandoned || entry.pending <= 0) return;
        entry.abandoned = true;
        if (!state.revoked) state.abandoned += 1;
      },
    };
  }
}

interface Entry {
  readonly offset: bigint;
  /** Paths still open; 0 = finished. */
  pending: number;
  abandoned: boolean;
}

class PartitionState {
  readonly tp: TopicPartition;
  /** Tracked entries from `head` on; the ones before `head` are finished and forgotten. */
  #queue: Entry[] = [];
  #head = 0;
  last: bigint | undefined;
  watermark: bigint | undefined;
  unfinished = 0;
  abandoned = 0;
  revoked = false;

  constructor(tp: TopicPartition) {
    this.tp = tp;
  }

  push(entry: Entry): void {
    this.#queue.push(entry);
    this.last = entry.offset;
    this.unfinished += 1;
  }

  /** Move the watermark over the finished prefix. */
  advance(): void {
    let entry = this.#queue[this.#head];
    while (entry !== undefined && entry.pending === 0 && !entry.abandoned) {
      this.watermark = entry.offset + 1n;
      this.#head += 1;
      entry = this.#queue[this.#head];
    }
    // Compact once the dead prefix dominates, so a long-lived partition does not grow.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

import { type SchedulerLike, type Subscription, asyncScheduler, interval } from 'rxjs';
import type { OffsetTracker } from './offsetTracker.ts';
import { type TopicPartition, type TopicPartitionOffset, tpKey } from './record.ts';

export interface CommitterOptions {
  readonly tracker: OffsetTracker;
  /** Commits the offsets; may return what it committed instead (the exactly-once commit takes them after draining). */
  readonly commit: (offsets: readonly TopicPartitionOffset[]) => Promise<void | readonly TopicPartitionOffset[]>;
  /** Default 5000 ms, kafkajs's autoCommitInterval. */
  readonly intervalMs?: number;
  readonly scheduler?: SchedulerLike;
  /** A failed commit is retried at the next tick (the watermark only grows); this hears about it. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Commits the tracker's watermarks on a timer, only those that moved, one commit at a time so
 * an older offset can never land after a newer one.
 */
export class Committer {
  readonly #options: CommitterOptions;
  readonly #last = new Map<string, string>();
  #running: Promise<void> = Promise.resolve();
  #timer: Subscription | undefined;

  constructor(options: CommitterOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer ??= interval(this.#options.intervalMs ?? 5000, this.#options.scheduler ?? asyncScheduler).subscribe(() => {
      void this.flush();
    });
  }

  stop(): void {
    this.#timer?.unsubscribe();
    this.#timer = undefined;
  }

  /** Watermarks that moved since the last successful commit. */
  pending(): TopicPartitionOffset[] {
    return this.#options.tracker.partitions().flatMap((tp) => {
      const offset = this.#options.tracker.committable(tp);
      return offset === undefined || this.#last.get(tpKey(tp)) === offset ? [] : [{ ...tp, offset }];
    });
  }

  /** Commit what moved now (after any commit already under way). */
  flush(): Promise<void> {
    return this.#enqueue(() => this.pending());
  }

  /** Whether everything of these partitions that finished is committed already. */
  settled(offsets: readonly TopicPartitionOffset[]): boolean {
    return offsets.every((o) => this.#last.get(tpKey(o)) === o.offset);
  }

  /** Forget what was committed for partitions (revoked without a commit of their own). */
  forget(tps: readonly TopicPartition[]): void {
    for (const tp of tps) this.#last.delete(tpKey(tp));
  }

  /**
   * Last commit for revoked partitions, with the watermarks taken before the tracker forgot
   * them; afterwards they are forgotten here too, so a later assignment starts afresh.
   */
  commitRevoked(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    return this.#enqueue(() => offsets.filter((o) => this.#last.get(tpKey(o)) !== o.offset)).finally(() => {
      for (const o of offsets) this.#last.delete(tpKey(o));
    });
  }

  #enqueue(select: () => TopicPartitionOffset[]): Promise<void> {
    const next = this.#running.then(async () => {
      const offsets = select();
      if (offsets.length === 0) return;
      try {
        const committed = (await this.#options.commit(offsets)) ?? offsets;
        for (const o of committed) this.#last.set(tpKey(o), o.offset);
      } catch (error) {
        this.#options.onError?.(error);
      }
    });
    this.#running = next;
    return next;
  }
}

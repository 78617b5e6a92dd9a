import { Observable, type Subscriber } from 'rxjs';
import type { FlowControl } from './flowControl.ts';
import type { ConsumedBatch, ConsumerHandlers, ConsumerPort } from './kafka/port.ts';
import { OffsetTracker } from './offsetTracker.ts';
import { type ConsumedRecord, type TopicPartition, type TopicPartitionOffset, tpKey } from './record.ts';

export interface StreamOptions {
  readonly topics: readonly string[];
  /** Where a group with no committed offset starts; default false (only new records), as Kafka. */
  readonly fromBeginning?: boolean;
  /** Records of one partition taken but not finished before the partition is paused; default 1000. */
  readonly maxInFlightPerPartition?: number;
  /**
   * How long a full partition waits for room before it is paused instead; default 250 ms. Short
   * stalls (a batch being written) are waited out in place; only long ones (an open breaker) pause,
   * since each pause makes the client drop and re-fetch what it had buffered.
   */
  readonly holdMs?: number;
  readonly tracker?: OffsetTracker;
  /**
   * Partitions were revoked; `committable` holds their watermarks taken just before the tracker
   * forgot them, and `inFlight` how many of their records were taken but not finished. The runner
   * commits them here; the client awaits it where it can.
   */
  readonly onRevoked?: (tps: readonly TopicPartition[], committable: readonly TopicPartitionOffset[], inFlight: number) => Promise<void>;
  readonly onAssigned?: (tps: readonly TopicPartition[]) => void;
}

export interface Source {
  /** The consumed records; subscribing starts consuming. One subscriber only. */
  readonly records: Observable<ConsumedRecord>;
  readonly flow: FlowControl;
  readonly tracker: OffsetTracker;
  /** Stop taking records and complete `records`; what is in flight drains downstream. */
  stop(): void;
}

/**
 * Turns a consumer into an Observable of records with their provenance and an ack handle each
 * (Kafka Streams' `builder.stream(topics)`).
 *
 * Emits every record of the assigned partitions, per partition in offset order. Backpressure:
 * a partition is paused when it has `maxInFlightPerPartition` unfinished records or when any
 * operator holds the {@link FlowControl}; it resumes when both clear. A record is only taken
 * when there is room, so what the source holds stays bounded under any backlog; the ones not
 * taken are fetched again after resume. Errors of the client go down the stream.
 *
 * Offsets are not committed here: the runner commits the tracker's watermarks.
 *
 * @example
 * const source = stream(consumer, { topics: ['github-events'] });
 * source.records.pipe(mapValues(decode), batch({ maxRecords: 500 }), guard(write)).subscribe();
 */
export function stream(consumer: ConsumerPort, options: StreamOptions): Source {
  const tracker = options.tracker ?? new OffsetTracker();
  const maxInFlight = options.maxInFlightPerPartition ?? 1000;
  const holdMs = options.holdMs ?? 250;
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
    throw new RangeError(`maxInFlightPerPartition must be a whole number ≥ 1, got ${maxInFlight}`);
  }
  const assigned = new Map<string, TopicPartition>();
  const pausedByUs = new Set<string>();
  const reasons = new Set<string>();
  let subscriber: Subscriber<ConsumedRecord> | undefined;
  let started = false;
  let stopped = false;

  const shouldPause = (tp: TopicPartition) => stopped || reasons.size > 0 || tracker.inFlight(tp) >= maxInFlight;
  const reconcile = (tp: TopicPartition, force = false) => {
    const key = tpKey(tp);
    if (!assigned.has(key)) return;
    const want = shouldPause(tp);
    if (want && (force || !pausedByUs.has(key))) {
      pausedByUs.add(key);
      consumer.pause([tp]);
    } else if (!want && (force || pausedByUs.has(key))) {
      pausedByUs.delete(key);
      consumer.resume([tp]);
    }
  };
  const reconcileAll = () => assigned.forEach((tp) => reconcile(tp));
  // Who waits for room: woken whenever a record finishes or a pause reason clears.
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  tracker.onSettle((tp) => {
    reconcile(tp);
    wake();
  });
  const roomWithin = (tp: TopicPartition, ms: number) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (shouldPause(tp) && !stopped && !subscriber?.closed) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(!shouldPause(tp));
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        resolve(!shouldPause(tp));
      }, ms);
      waiters.add(check);
    });

  const eachBatch = async (batch: ConsumedBatch): Promise<number> => {
    const tp = { topic: batch.topic, partition: batch.partition };
    if (subscriber === undefined || subscriber.closed || !assigned.has(tpKey(tp))) return 0;
    let taken = 0;
    for (const m of batch.messages) {
      if (subscriber === undefined || subscriber.closed) break;
      if (shouldPause(tp) && (stopped || holdMs === 0 || !(await roomWithin(tp, holdMs)) || !assigned.has(tpKey(tp)))) break;
      const ack = tracker.track(tp, m.offset);
      taken += 1;
      subscriber.next({ ...m, raw: { key: m.key, value: m.value }, ack });
    }
    reconcile(tp);
    return taken;
  };

  const handlers: ConsumerHandlers = {
    eachBatch,
    onAssigned: (tps) => {
      for (const tp of tps) assigned.set(tpKey(tp), tp);
      // The client may remember a pause from before the rebalance: set each partition explicitly.
      for (const tp of tps) reconcile(tp, true);
      options.onAssigned?.(tps);
    },
    onRevoked: (tps) => {
      const committable = tps.flatMap((tp) => {
        const offset = tracker.committable(tp);
        return offset === undefined ? [] : [{ ...tp, offset }];
      });
      const inFlight = tps.reduce((sum, tp) => sum + tracker.inFlight(tp), 0);
      tracker.revoke(tps);
      for (const tp of tps) {
        assigned.delete(tpKey(tp));
        pausedByUs.delete(tpKey(tp));
      }
      return options.onRevoked?.(tps, committable, inFlight) ?? Promise.resolve();
    },
  };

  const records = new Observable<ConsumedRecord>((s) => {
    if (started) {
      s.error(new Error('a source has one subscriber: share() it or split() it'));
      return;
    }
    started = true;
    subscriber = s;
    consumer
      .subscribe(options.fromBeginning === undefined ? { topics: options.topics } : { topics: options.topics, fromBeginning: options.fromBeginning })
      .then(() => consumer.run(handlers))
      .catch((error: unknown) => s.error(error));
    return () => {
      stopped = true;
      subscriber = undefined;
    };
  });

  return {
    records,
    tracker,
    flow: {
      pause: (reason) => {
        reasons.add(reason);
        reconcileAll();
      },
      resume: (reason) => {
        if (reasons.delete(reason)) {
          reconcileAll();
          wake();
        }
      },
    },
    stop: () => {
      stopped = true;
      wake();
      reconcileAll();
      subscriber?.complete();
    },
  };
}

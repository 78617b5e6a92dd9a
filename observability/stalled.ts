/**
 * The "stalled" check of `/readyz`: a partition whose consumer group made no progress (its
 * committed offset did not move) for `afterMs` while there was something to read (lag > 0). A
 * store that is down backs up Kafka by design, and a poison record that is retried forever
 * does the same without a sound; either way, past this time a person must look, and an
 * orchestrator may stop routing to the worker. The lag collector's readings feed it
 * (`LagCollectorOptions.onCollected`): no extra calls to Kafka.
 *
 * A partition is "making progress" from the first reading, and again whenever its committed
 * offset moves, it is caught up, or it is first seen behind after being caught up, so a worker that has just started is never stalled before
 * `afterMs` has passed. A partition that could not be read keeps its last state.
 */
import type { LagSample } from '../metrics/consumerLag.ts';
import { duration } from './duration.ts';
import type { Readiness, ReadinessCheck } from './readiness.ts';

export interface StallWatchOptions {
  /** No progress this long while lag > 0 is a stall (STALLED_AFTER_MINUTES); default 5 minutes. */
  readonly afterMs?: number;
  /**
   * Topics written in transactions (Switchyard's events, Jira commands and Slack notifications,
   * from the exactly-once normalize): a caught-up reader lags there by 1, the last commit
   * marker, which it never reads and never commits past. Lag 1 is no backlog on them.
   */
  readonly transactionalTopics?: Iterable<string>;
  /** Default Date.now. */
  readonly now?: () => number;
}

export interface StallWatch {
  /** One collection's readings (pass as the lag collector's `onCollected`). */
  observe(samples: readonly LagSample[]): void;
  /** One not-ready entry per stalled partition; one ready entry when none is. */
  readonly readiness: ReadinessCheck;
}

interface Progress {
  readonly sample: LagSample;
  /** Since when it has been behind without its committed offset moving (as far as the readings tell). */
  readonly since: number;
}

export function stallWatch(options: StallWatchOptions = {}): StallWatch {
  const afterMs = options.afterMs ?? 5 * 60_000;
  if (!Number.isFinite(afterMs) || afterMs <= 0) throw new RangeError(`stall watch afterMs must be a positive number of milliseconds, got ${afterMs}`);
  const now = options.now ?? Date.now;
  const transactional = new Set(options.transactionalTopics ?? []);
  const partitions = new Map<string, Progress>();
  const behind = (sample: LagSample) => sample.lag > (transactional.has(sample.topic) ? 1 : 0);

  return {
    observe: (samples) => {
      const at = now();
      for (const sample of samples) {
        const key = `${sample.group}\u0000${sample.topic}\u0000${sample.partition}`;
        const before = partitions.get(key);
        // Behind since this reading if it was not before: the backlog is no older than that.
        const moved = before === undefined || before.sample.committed !== sample.committed || !behind(before.sample) || !behind(sample);
        partitions.set(key, { sample, since: moved ? at : (before?.since ?? at) });
      }
    },
    readiness: () => {
      const at = now();
      const stalled: Readiness[] = [];
      for (const { sample, since } of partitions.values()) {
        const { group, topic, partition, lag, committed } = sample;
        if (!behind(sample) || at - since < afterMs) continue;
        const offset = committed < 0 ? 'it never committed' : `committed offset ${committed}`;
        stalled.push({
          name: `stalled ${group} ${topic}/${partition}`,
          ready: false,
          reason: `consumer group ${group} made no progress on ${topic}/${partition} for ${duration(at - since)} with ${lag} ${lag === 1 ? 'record' : 'records'} to read (${offset})`,
        });
      }
      return stalled.length > 0 ? stalled : [{ name: 'consumer progress', ready: true, reason: `no partition without progress for ${duration(afterMs)} while behind` }];
    },
  };
}

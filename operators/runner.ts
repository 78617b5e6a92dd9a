import { type SchedulerLike, type Subscription, Subject, asyncScheduler, merge } from 'rxjs';
import { Committer } from './committer.ts';
import { ErrorCodes, SwitchyardError } from './errors.ts';
import type { Instrumentation } from './instrumentation.ts';
import type { ConsumerOptions, KafkaPort, ProducerPort } from './kafka/port.ts';
import type { TopicPartitionOffset } from './record.ts';
import { OffsetTracker } from './offsetTracker.ts';
import { pauseReport } from './pauseReport.ts';
import { type Source, stream } from './stream.ts';
import type { Topology } from './topology.ts';
import { TransactionalProducer, exactlyOnceCommit } from './transactions.ts';

export interface RunOptions {
  readonly kafka: KafkaPort;
  /** Sub-topologies to run (`--only`); default all. */
  readonly only?: readonly string[];
  /** Default asyncScheduler; the test driver passes a virtual one. */
  readonly scheduler?: SchedulerLike;
  /** Default 5000 ms. */
  readonly commitIntervalMs?: number;
  /** Default 1000. */
  readonly maxInFlightPerPartition?: number;
  /** Settings of every consumer (session timeout, heartbeat…); the group id is each sub-topology's. */
  readonly consumer?: Omit<ConsumerOptions, 'groupId'>;
  /** A sub-topology failed (it is stopped; the others go on), or a commit failed (retried at the next tick). */
  readonly onError?: (subTopology: string, error: unknown) => void;
  /** Meters of every node (records in and out, batch sizes, writes, breaker states) and of paused partitions; default none. */
  readonly instrumentation?: Instrumentation;
}

export interface RunningSubTopology {
  readonly name: string;
  readonly groupId: string;
  readonly source: Source;
  readonly tracker: OffsetTracker;
  readonly committer: Committer;
  /** Resolves when it stopped after draining, rejects with the error that stopped it. */
  readonly done: Promise<void>;
}

export interface RunningTopology {
  readonly subTopologies: ReadonlyMap<string, RunningSubTopology>;
  /**
   * Graceful stop: stop fetching, let what is in flight drain through the operators (open
   * batches are flushed on completion), commit, disconnect. After `timeoutMs` the pipelines are
   * cut instead; what did not finish is not committed and is read again next time, and the stop
   * rejects (SWY_STOP_TIMED_OUT, naming the sub-topologies cut) once everything is disconnected.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Runs a built topology against a Kafka port: one consumer (own group) per sub-topology, a
 * shared idempotent producer, the tracker, periodic commits of finished offsets, and
 * rebalance handling — on revocation the revoked partitions' finished prefix is committed and
 * their in-flight work is abandoned for commit purposes (it may still be written: at-least-once).
 */
export async function runTopology(topology: Topology, options: RunOptions): Promise<RunningTopology> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const producer = options.kafka.producer({ idempotent: true });
  await producer.connect();
  const names = options.only ?? topology.subTopologies.map((s) => s.name);
  const running = new Map<string, RunningSubTopology & { cut(): void }>();
  for (const name of names) running.set(name, await start(topology, name, producer, scheduler, options));

  return {
    subTopologies: running,
    stop: async ({ timeoutMs = 30_000 } = {}) => {
      for (const sub of running.values()) sub.source.stop();
      const settled = new Set<string>();
      const drained = Promise.allSettled([...running.values()].map((s) => s.done.finally(() => settled.add(s.name))));
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const cut = (await Promise.race([drained, timedOut])) === 'timeout' ? [...running.values()].filter((s) => !settled.has(s.name)) : [];
      for (const sub of cut) sub.cut();
      clearTimeout(timer);
      await drained;
      await producer.disconnect();
      if (cut.length > 0) {
        const names = cut.map((s) => s.name).join(', ');
        throw new SwitchyardError(`not drained within ${timeoutMs} ms: cut ${names}; what they had in flight was not committed and is read again at the next start`, ErrorCodes.stopTimedOut);
      }
    },
  };
}

async function start(
  topology: Topology,
  name: string,
  producer: ProducerPort,
  scheduler: SchedulerLike,
  options: RunOptions,
): Promise<RunningSubTopology & { cut(): void }> {
  const { spec } = topology.get(name);
  const tracker = new OffsetTracker();
  const partitionMeter = options.instrumentation?.partitions?.(name);
  const pauses =
    partitionMeter === undefined ? undefined : pauseReport(partitionMeter, (tp) => `${tracker.inFlight(tp)} records taken and not finished (its in-flight bound, maxInFlightPerPartition)`);
  const client = options.kafka.consumer({ ...options.consumer, groupId: spec.groupId });
  const consumer = pauses?.consumer(client) ?? client;
  await consumer.connect();
  const report = (error: unknown) => options.onError?.(name, error);
  // Errors that must stop the sub-topology although no operator saw them (a failed transaction).
  const fatal = new Subject<never>();
  const eos = spec.exactlyOnce === undefined ? undefined : new TransactionalProducer(options.kafka.producer({ transactionalId: spec.exactlyOnce.transactionalId }));
  await eos?.connect();
  let eosCommit: (() => Promise<readonly TopicPartitionOffset[]>) | undefined;
  const committer = new Committer({
    tracker,
    commit: async (offsets) => {
      if (eosCommit === undefined) return consumer.commitOffsets(offsets);
      try {
        return await eosCommit();
      } catch (error) {
        fatal.error(error);
        throw error;
      }
    },
    scheduler,
    // An exactly-once commit failure is fatal and reported when the sub-topology stops.
    onError: (error) => eos === undefined && report(error),
    ...(options.commitIntervalMs === undefined ? {} : { intervalMs: options.commitIntervalMs }),
  });
  const consumed = stream(consumer, {
    topics: spec.topics,
    tracker,
    onRevoked:
      eos === undefined
        ? (_, committable) => committer.commitRevoked(committable)
        : // Records of revoked partitions may still be on their way into the open transaction;
          // only a restart from the committed offsets keeps their outputs exactly-once. When
          // nothing of theirs was taken since the last commit (an idle worker, a partition that
          // got no traffic), nothing of theirs is in the transaction: carry on in the group.
          async (tps, committable, inFlight) => {
            const quiet = inFlight === 0 && committer.settled(committable);
            committer.forget(tps);
            if (quiet) return;
            await eos.abort().catch(() => {});
            fatal.error(new SwitchyardError(`exactly-once sub-topology ${name} lost partitions in a rebalance: restart it`, ErrorCodes.rebalanced, { retriable: true }));
          },
    ...(spec.fromBeginning === undefined ? {} : { fromBeginning: spec.fromBeginning }),
    ...optional('maxInFlightPerPartition', spec.maxInFlightPerPartition ?? options.maxInFlightPerPartition),
  });
  // Stopping pauses every partition on purpose: that is no pause to report.
  const source: Source =
    pauses === undefined
      ? consumed
      : {
          ...consumed,
          flow: pauses.flow(consumed.flow),
          stop: () => {
            pauses.stopping();
            consumed.stop();
          },
        };
  if (eos !== undefined) eosCommit = exactlyOnceCommit({ tracker, flow: source.flow, producer: eos, groupId: spec.groupId });
  const ends = topology.instantiate(name, source.records, {
    name,
    producer: eos ?? producer,
    flow: source.flow,
    scheduler,
    ...optional('instrumentation', options.instrumentation),
  });

  let subscription: Subscription | undefined;
  let finish: (() => void) | undefined;
  // An exactly-once commit waits until nothing is in flight: only a clean end can have that.
  const shutdown = async (clean: boolean) => {
    committer.stop();
    if (clean || eos === undefined) await committer.flush();
    await consumer.disconnect();
    await eos?.disconnect();
  };
  const done = new Promise<void>((resolve, reject) => {
    let ended = false;
    const end = (error?: unknown, clean = error === undefined) => {
      if (ended) return;
      ended = true;
      subscription?.unsubscribe();
      if (error !== undefined) report(error);
      shutdown(clean).then(() => (error === undefined ? resolve() : reject(error)), reject);
    };
    finish = () => end(undefined, false);
    subscription = merge(...ends).subscribe({ error: (error: unknown) => end(error), complete: () => end() });
    // Not merged into the pipeline: a Subject that never completes would keep it from completing.
    fatal.subscribe({ error: (error: unknown) => end(error) });
  });
  // Callers await `done` themselves; an unobserved rejection must not crash the worker.
  done.catch(() => {});
  committer.start();
  return {
    name,
    groupId: spec.groupId,
    source,
    tracker,
    committer,
    done,
    cut: () => {
      subscription?.unsubscribe();
      finish?.();
    },
  };
}

function optional<N extends string, T>(name: N, value: T | undefined): { [P in N]?: T } {
  return (value === undefined ? {} : { [name]: value }) as { [P in N]?: T };
}

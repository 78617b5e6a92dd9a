/**
 * Consumer lag per group, topic and partition: how far each sub-topology's consumer group is
 * behind the end of what it reads. A collector asks the brokers every `intervalMs` (the end
 * offsets and the group's committed offsets, two admin calls) and sets the gauge; a scrape only
 * reads the last figures, so it is never slowed or failed by Kafka.
 *
 * Lag is the end offset minus the committed offset. A partition the group never committed is
 * counted from the oldest retained record: all of it is still to do (Kafka's own tools show
 * "-" there, which no alert can use).
 */
import { Gauge } from 'prom-client';
import { registry } from './registry.ts';

export const consumerLag = new Gauge({
  name: 'switchyard_consumer_lag',
  help: 'Records a consumer group has not committed yet, by group, topic and partition (end offset minus committed offset; never committed: minus the oldest retained offset; a caught-up reader of a transactional topic shows 1, its commit marker)',
  labelNames: ['group', 'topic', 'partition'] as const,
  registers: [registry],
});

/** The two calls of kafkajs's admin client the collector needs (pass a connected `kafka.admin()`). */
export interface LagAdmin {
  fetchTopicOffsets(topic: string): Promise<readonly { readonly partition: number; readonly high: string; readonly low: string }[]>;
  fetchOffsets(options: { groupId: string; topics: string[] }): Promise<
    readonly { readonly topic: string; readonly partitions: readonly { readonly partition: number; readonly offset: string }[] }[]
  >;
}

export interface ConsumerGroupTopics {
  readonly groupId: string;
  readonly topics: readonly string[];
}

export interface LagSample {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  readonly lag: number;
  /** The group's committed offset (the next record it will read), -1 if it never committed: progress is this moving. */
  readonly committed: number;
}

export interface LagCollectorOptions {
  readonly admin: LagAdmin;
  /** The groups to watch, asked at each collection (a running worker's set may change). */
  readonly groups: readonly ConsumerGroupTopics[] | (() => readonly ConsumerGroupTopics[]);
  /** Default 15,000 ms. */
  readonly intervalMs?: number;
  /** A group's offsets could not be read; its last figures stay until the next collection. */
  readonly onError?: (error: unknown, groupId: string) => void;
  /**
   * Each collection's readings, of the groups that could be read (the stall watch of `/readyz`
   * follows them). Called before `collect()` resolves; must not throw.
   */
  readonly onCollected?: (samples: readonly LagSample[]) => void;
}

export interface LagCollector {
  /** Collect now (also what each interval does); resolves with what the gauge was set to. */
  collect(): Promise<readonly LagSample[]>;
  /** No more collections; resolves when the one under way, if any, is over. */
  stop(): Promise<void>;
}

/** Collects now and then every `intervalMs`; the timer never keeps the process alive. */
export function startLagCollector(options: LagCollectorOptions): LagCollector {
  const intervalMs = options.intervalMs ?? 15_000;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError(`lag collector intervalMs must be a positive number of milliseconds, got ${intervalMs}`);
  const collector = lagCollector(options);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    // A collection that throws (a groups() callback) must not become an unhandled rejection.
    running = collector.collect().catch((error: unknown) => options.onError?.(error, '(all groups)')).finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs).unref();
    });
  };
  tick();
  return {
    collect: () => collector.collect(),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => {});
    },
  };
}

/** One collection at a time, on demand: what `startLagCollector` runs on its timer. */
export function lagCollector(options: Pick<LagCollectorOptions, 'admin' | 'groups' | 'onError' | 'onCollected'>): Pick<LagCollector, 'collect'> {
  const { admin } = options;
  /** The series set by the last collection, so a partition or group that went away is removed. */
  let previous = new Map<string, { group: string; topic: string; partition: string }>();
  let inFlight: Promise<readonly LagSample[]> | undefined;

  const collectOnce = async (): Promise<readonly LagSample[]> => {
    const groups = typeof options.groups === 'function' ? options.groups() : options.groups;
    const endsOf = topicEndsOnce(admin);
    const samples: LagSample[] = [];
    const current = new Map<string, { group: string; topic: string; partition: string }>();
    for (const group of groups) {
      try {
        for (const sample of await groupLag(admin, group, endsOf)) {
          const labels = { group: sample.group, topic: sample.topic, partition: String(sample.partition) };
          consumerLag.set(labels, sample.lag);
          current.set(JSON.stringify(labels), labels);
          samples.push(sample);
        }
      } catch (error) {
        options.onError?.(error, group.groupId);
        for (const [key, labels] of previous) if (labels.group === group.groupId) current.set(key, labels);
      }
    }
    for (const [key, labels] of previous) if (!current.has(key)) consumerLag.remove(labels);
    previous = current;
    options.onCollected?.(samples);
    return samples;
  };

  return {
    // A scrape-time or manual collection joins the one under way rather than racing it.
    collect: () => (inFlight ??= collectOnce().finally(() => (inFlight = undefined))),
  };
}

/**
 * A topic's end offsets, fetched once however many groups ask: several groups read the same topic
 * (every sink reads the events). One per round of lag readings, so each round sees fresh ends.
 */
export function topicEndsOnce(admin: LagAdmin): (topic: string) => ReturnType<LagAdmin['fetchTopicOffsets']> {
  const ends = new Map<string, ReturnType<LagAdmin['fetchTopicOffsets']>>();
  return (topic) => {
    let found = ends.get(topic);
    if (found === undefined) ends.set(topic, (found = admin.fetchTopicOffsets(topic)));
    return found;
  };
}

/**
 * One group's lag on each partition of what it reads, setting no gauge (the collector and the
 * chaos run's "caught up" both count with it); throws when its offsets cannot be read.
 * `endsOf` fetches a topic's end offsets, by default afresh; share a {@link topicEndsOnce}
 * among the groups of one round.
 */
export async function groupLag(
  admin: LagAdmin,
  { groupId, topics }: ConsumerGroupTopics,
  endsOf: (topic: string) => ReturnType<LagAdmin['fetchTopicOffsets']> = (topic) => admin.fetchTopicOffsets(topic),
): Promise<LagSample[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const samples: LagSample[] = [];
  for (const topic of topics) {
    const offsets = new Map((committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]));
    for (const { partition, high, low } of await endsOf(topic)) {
      const offset = Number(offsets.get(partition) ?? -1);
      const from = offset >= 0 ? offset : Number(low);
      samples.push({ group: groupId, topic, partition, lag: Math.max(0, Number(high) - from), committed: offset >= 0 ? offset : -1 });
    }
  }
  return samples;
}

/** The consumer groups of a topology's sub-topologies (those in `only`, default all) and what they read. */
export function consumerGroupsOf(
  topology: { readonly subTopologies: readonly { readonly name: string; readonly spec: ConsumerGroupSpec }[] },
  only?: readonly string[],
): ConsumerGroupTopics[] {
  return topology.subTopologies.filter((s) => only === undefined || only.includes(s.name)).map((s) => ({ groupId: s.spec.groupId, topics: s.spec.topics }));
}

interface ConsumerGroupSpec {
  readonly groupId: string;
  readonly topics: readonly string[];
}

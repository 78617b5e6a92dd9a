import { OffsetTracker } from '../offsetTracker.ts';
import type { StreamRecord } from '../record.ts';

export interface TestRecords<K, V> {
  readonly records: StreamRecord<K, V>[];
  readonly tracker: OffsetTracker;
  /** Committable offset of the records' partition (undefined while nothing finished). */
  committable(): string | undefined;
  inFlight(): number;
}

/**
 * Records for operator tests, consecutive offsets on one partition, each with a real ack handle
 * from a tracker, so a test asserts acks through what would be committed.
 */
export function testRecords<V, K = string | null>(
  values: readonly V[],
  options: { topic?: string; partition?: number; firstOffset?: number; key?: (value: V, index: number) => K; tracker?: OffsetTracker } = {},
): TestRecords<K, V> {
  const topic = options.topic ?? 'in';
  const partition = options.partition ?? 0;
  const tracker = options.tracker ?? new OffsetTracker();
  const first = options.firstOffset ?? 0;
  const records = values.map((value, i) => {
    const offset = String(first + i);
    const key = options.key ? options.key(value, i) : (null as K);
    const raw = Buffer.from(JSON.stringify(value) ?? 'null');
    return {
      topic,
      partition,
      offset,
      key,
      value,
      headers: {},
      timestamp: String(1_700_000_000_000 + i),
      raw: { key: typeof key === 'string' ? Buffer.from(key) : null, value: raw },
      ack: tracker.track({ topic, partition }, offset),
    };
  });
  return {
    records,
    tracker,
    committable: () => tracker.committable({ topic, partition }),
    inFlight: () => tracker.inFlight({ topic, partition }),
  };
}

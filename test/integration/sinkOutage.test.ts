/**
 * Issue 3 on the real Kafka of the stack: a sink fails for a while. Its breaker opens and the
 * source's partitions pause; at half-open the source resumes; the sink recovers; every record
 * is written, in per-key order, none lost, nothing dead-lettered, and the committed offsets
 * reach the end of the topic.
 */
import { describe, expect, it } from 'vitest';
import { batch, deadLetter, guard, kafkajsPort, mapValues, runTopology, TopologyBuilder, type ConsumerPort, type FlowControl, type KafkaPort, type TopicPartition } from '../../operators/index.ts';
import { localStack } from '../../config/endpoints.ts';
import { committedOffsets, endOffsets, freshTopic, produce, readToEnd, waitFor } from '../support/kafka.ts';
import { uniqueName } from '../support/names.ts';
import { countsByKey, keyedEvents, KeyedStore, type KeyedEvent } from '../support/keyedStore.ts';

class StoreDown extends Error {
  readonly retriable = true;
}

describe('a sink outage on the real Kafka', () => {
  it('opens the breaker, pauses the partitions, recovers, and writes every record in per-key order', { timeout: 90_000 }, async () => {
    const topic = await freshTopic(3, 'outage');
    const dlq = await freshTopic(1, 'outage-dlq');
    const groupId = uniqueName('outage-group');
    const events = keyedEvents(3_000, 20);
    await produce(topic, events.map((e) => ({ key: e.key, value: JSON.stringify(e) })));

    const store = new KeyedStore();
    const flowLog: string[] = [];
    let down = false;
    let outageStarted = false;
    const write = async (records: readonly { value: KeyedEvent }[]) => {
      if (!outageStarted && store.distinct >= 600) {
        outageStarted = down = true;
        setTimeout(() => (down = false), 3_000);
      }
      if (down) throw new StoreDown('store refused the connection');
      store.write(records.map((r) => r.value));
    };
    const spy = (flow: FlowControl): FlowControl => ({
      pause: (reason) => (flowLog.push(`pause ${reason}`), flow.pause(reason)),
      resume: (reason) => (flowLog.push(`resume ${reason}`), flow.resume(reason)),
    });

    const topology = new TopologyBuilder()
      .subTopology('sink:test', {
        groupId,
        topics: [topic],
        fromBeginning: true,
        pipeline: (records, { flow, producer }) =>
          records.pipe(
            mapValues((bytes) => JSON.parse(String(bytes)) as KeyedEvent),
            batch({ maxRecords: 100, maxWaitMs: 20 }),
            guard(write, {
              name: 'store',
              flow: spy(flow),
              breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 500, rollingCountTimeout: 10_000 },
              retry: { maxAttempts: 30, initialDelayMs: 20, maxDelayMs: 200 },
            }),
            deadLetter(producer, { topic: dlq }),
          ),
      })
      .build();
    // Watch the consumer itself: a pause reason means nothing unless the partitions stop.
    const port = kafkajsPort({ brokers: [...localStack.kafka.brokers], logLevel: 0 });
    const pausedPartitions = new Set<number>();
    const kafka: KafkaPort = {
      ...port,
      consumer: (options) => {
        const consumer = port.consumer(options);
        const watched: ConsumerPort = {
          connect: () => consumer.connect(),
          subscribe: (o) => consumer.subscribe(o),
          run: (handlers) => consumer.run(handlers),
          pause: (tps: readonly TopicPartition[]) => (tps.forEach((tp) => pausedPartitions.add(tp.partition)), consumer.pause(tps)),
          resume: (tps) => consumer.resume(tps),
          commitOffsets: (offsets) => consumer.commitOffsets(offsets),
          stop: () => consumer.stop(),
          disconnect: () => consumer.disconnect(),
        };
        return watched;
      },
    };
    const running = await runTopology(topology, { kafka, commitIntervalMs: 200 });
    try {
      await waitFor(() => store.distinct === events.length, 60_000, 'every record in the store');
      const ends = await endOffsets(topic);
      await waitFor(async () => {
        const committed = await committedOffsets(groupId, topic);
        return [...ends].every(([partition, end]) => committed.get(partition) === end);
      }, 10_000, 'committed offsets at the end of every partition');
    } finally {
      await running.stop({ timeoutMs: 10_000 });
    }

    expect(outageStarted).toBe(true);
    expect(flowLog).toContain('pause store:breaker');
    expect([...pausedPartitions].sort()).toEqual([0, 1, 2]);
    expect(flowLog.indexOf('resume store:breaker')).toBeGreaterThan(flowLog.indexOf('pause store:breaker'));
    expect(store.outOfOrder(countsByKey(events))).toEqual([]);
    expect(await readToEnd(dlq)).toEqual([]);
    console.log(`outage: ${store.writes} writes for ${store.distinct} records (${store.duplicates} duplicates); flow: ${flowLog.join(', ')}`);
  });
});

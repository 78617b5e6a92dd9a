import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { MemoryBroker } from './kafka/memory.ts';
import type { ConsumedRecord } from './record.ts';
import { stream } from './stream.ts';

async function setup(options: { messages?: number; maxInFlightPerPartition?: number; partitions?: number } = {}) {
  const broker = new MemoryBroker();
  broker.createTopic('in', options.partitions ?? 1);
  broker.append({ topic: 'in', messages: Array.from({ length: options.messages ?? 5 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: 0 })) });
  const consumer = broker.consumer({ groupId: 'g' });
  const source = stream(consumer, { topics: ['in'], fromBeginning: true, maxInFlightPerPartition: options.maxInFlightPerPartition ?? 100 });
  const seen: ConsumedRecord[] = [];
  const subscription = source.records.subscribe((r) => seen.push(r));
  await new Promise((r) => setImmediate(r));
  return { broker, consumer, source, seen, subscription };
}

describe('stream', () => {
  it('emits records with their provenance, raw bytes and an ack handle', async () => {
    const { broker, seen, source } = await setup({ messages: 2 });
    await broker.deliverAll();
    expect(seen.map((r) => [r.topic, r.partition, r.offset, r.key?.toString(), r.value?.toString()])).toEqual([
      ['in', 0, '0', 'k0', 'v0'],
      ['in', 0, '1', 'k1', 'v1'],
    ]);
    expect(seen[0]?.raw.value?.toString()).toBe('v0');
    seen.forEach((r) => r.ack.done());
    expect(source.tracker.committable({ topic: 'in', partition: 0 })).toBe('2');
  });

  it('takes no more than maxInFlightPerPartition, pauses, and resumes as records finish', async () => {
    const { broker, seen, source } = await setup({ messages: 5, maxInFlightPerPartition: 2 });
    await broker.deliverAll();
    expect(seen).toHaveLength(2);
    seen[0]?.ack.done();
    await broker.deliverAll();
    expect(seen).toHaveLength(3);
    seen.slice(1).forEach((r) => r.ack.done());
    await broker.deliverAll();
    expect(seen.map((r) => r.offset)).toEqual(['0', '1', '2', '3', '4']);
    expect(source.tracker.inFlight({ topic: 'in', partition: 0 })).toBe(2);
  });

  it('holds every partition while any flow-control reason is held', async () => {
    const { broker, seen, source } = await setup({ messages: 3 });
    source.flow.pause('breaker');
    source.flow.pause('queue');
    await broker.deliverAll();
    expect(seen).toHaveLength(0);
    source.flow.resume('breaker');
    await broker.deliverAll();
    expect(seen).toHaveLength(0);
    source.flow.resume('queue');
    await broker.deliverAll();
    expect(seen).toHaveLength(3);
  });

  it('keeps memory flat under a backlog: never more than the bound taken', async () => {
    const { broker, seen } = await setup({ messages: 10_000, maxInFlightPerPartition: 50 });
    for (let round = 0; round < 20; round++) {
      await broker.deliverAll();
      expect(seen.length - round * 50).toBeLessThanOrEqual(50);
      seen.slice(round * 50).forEach((r) => r.ack.done());
    }
    expect(seen).toHaveLength(1000);
  });

  it('completes on stop and errors when the client fails', async () => {
    const { source, broker } = await setup({ messages: 0 });
    const all = lastValueFrom(source.records.pipe(toArray())).catch((e: unknown) => e);
    expect(await all).toBeInstanceOf(Error); // a second subscriber is refused
    source.stop();
    const consumer = broker.consumer({ groupId: 'h' });
    consumer.subscribe = () => Promise.reject(new Error('no broker'));
    const failing = stream(consumer, { topics: ['in'] });
    await expect(lastValueFrom(failing.records)).rejects.toThrow('no broker');
  });

  it('stops emitting after an early unsubscribe', async () => {
    const { broker, seen, subscription } = await setup({ messages: 3 });
    subscription.unsubscribe();
    await broker.deliverAll();
    expect(seen).toHaveLength(0);
  });

  it('forgets revoked partitions and hands their watermark to onRevoked', async () => {
    const broker = new MemoryBroker();
    broker.createTopic('in', 2);
    broker.append({ topic: 'in', messages: [0, 1, 0, 1].map((partition, i) => ({ key: null, value: `v${i}`, partition })) });
    const revoked: unknown[] = [];
    const source = stream(broker.consumer({ groupId: 'g' }), {
      topics: ['in'],
      fromBeginning: true,
      onRevoked: async (tps, committable) => void revoked.push({ tps, committable }),
    });
    const seen: ConsumedRecord[] = [];
    source.records.subscribe((r) => seen.push(r));
    await new Promise((r) => setImmediate(r));
    await broker.deliverAll();
    seen.filter((r) => r.partition === 0)[0]?.ack.done();
    // A second member joins: eager rebalance revokes both partitions from the first.
    const other = stream(broker.consumer({ groupId: 'g' }), { topics: ['in'] });
    other.records.subscribe();
    await new Promise((r) => setImmediate(r));
    expect(revoked).toEqual([
      {
        tps: [
          { topic: 'in', partition: 0 },
          { topic: 'in', partition: 1 },
        ],
        committable: [{ topic: 'in', partition: 0, offset: '1' }],
      },
    ]);
    expect(source.tracker.partitions()).toEqual([]);
  });
});

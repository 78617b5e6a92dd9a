import { describe, expect, it } from 'vitest';
import type { TopicPartition } from '../record.ts';
import { MemoryBroker } from './memory.ts';
import type { ConsumedBatch, ConsumerPort } from './port.ts';

async function member(broker: MemoryBroker, groupId: string, take = (b: ConsumedBatch) => b.messages.length) {
  const consumer = broker.consumer({ groupId });
  const seen: string[] = [];
  const assigned: TopicPartition[][] = [];
  const revoked: TopicPartition[][] = [];
  await consumer.subscribe({ topics: ['t'], fromBeginning: true });
  await consumer.run({
    eachBatch: async (b) => {
      const n = take(b);
      seen.push(...b.messages.slice(0, n).map((m) => `${m.partition}:${m.offset}`));
      return n;
    },
    onAssigned: (tps) => void assigned.push([...tps]),
    onRevoked: async (tps) => void revoked.push([...tps]),
  });
  return { consumer, seen, assigned, revoked };
}

describe('MemoryBroker', () => {
  it('keeps one key on one partition, with increasing offsets', async () => {
    const broker = new MemoryBroker();
    broker.createTopic('t', 4);
    await broker.produce({ topic: 't', messages: ['a', 'b', 'a', 'a'].map((key) => ({ key, value: key })) });
    const byKey = new Map<string, Set<number>>();
    for (const m of broker.messages('t')) byKey.set(m.key!.toString(), (byKey.get(m.key!.toString()) ?? new Set()).add(m.partition));
    expect([...byKey.values()].every((s) => s.size === 1)).toBe(true);
    const a = broker.messages('t').filter((m) => m.key?.toString() === 'a');
    expect(a.map((m) => m.offset)).toEqual(['0', '1', '2']);
  });

  it('splits partitions between the members of a group and rebalances eagerly', async () => {
    const broker = new MemoryBroker();
    broker.createTopic('t', 2);
    const first = await member(broker, 'g');
    expect(first.assigned).toEqual([[{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }]]);
    const second = await member(broker, 'g');
    expect(first.revoked).toHaveLength(1);
    expect(first.assigned.at(-1)).toEqual([{ topic: 't', partition: 0 }]);
    expect(second.assigned.at(-1)).toEqual([{ topic: 't', partition: 1 }]);
    await second.consumer.stop();
    expect(first.assigned.at(-1)).toHaveLength(2);
  });

  it('re-delivers what a handler did not take, from where it stopped; resumes from the committed offset', async () => {
    const broker = new MemoryBroker();
    broker.append({ topic: 't', messages: Array.from({ length: 5 }, (_, i) => ({ key: null, value: `${i}`, partition: 0 })) });
    const m = await member(broker, 'g', (b) => Math.min(2, b.messages.length));
    await broker.deliver();
    expect(m.seen).toEqual(['0:0', '0:1']);
    await broker.deliver();
    expect(m.seen).toEqual(['0:0', '0:1', '0:2', '0:3']);
    await broker.deliverAll();
    expect(m.seen).toHaveLength(5);
    await m.consumer.commitOffsets([{ topic: 't', partition: 0, offset: '3' }]);
    await m.consumer.stop();
    const again = await member(broker, 'g');
    await broker.deliverAll();
    expect(again.seen).toEqual(['0:3', '0:4']);
  });

  it('delivers nothing from paused partitions', async () => {
    const broker = new MemoryBroker();
    broker.append({ topic: 't', messages: [{ key: null, value: 'x', partition: 0 }] });
    const m = await member(broker, 'g');
    (m.consumer as ConsumerPort).pause([{ topic: 't', partition: 0 }]);
    await broker.deliverAll();
    expect(m.seen).toEqual([]);
    m.consumer.resume([{ topic: 't', partition: 0 }]);
    await broker.deliverAll();
    expect(m.seen).toEqual(['0:0']);
  });

  it('makes a transaction visible, with its offsets, only on commit', async () => {
    const broker = new MemoryBroker();
    const producer = broker.producer({ transactionalId: 'tx' });
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'out', messages: [{ key: null, value: 'no' }] });
    await aborted.abort();
    const tx = await producer.transaction();
    await tx.send({ topic: 'out', messages: [{ key: null, value: 'yes' }] });
    await tx.sendOffsets({ consumerGroupId: 'g', offsets: [{ topic: 'in', partition: 0, offset: '9' }] });
    expect(broker.messages('out')).toEqual([]);
    await tx.commit();
    expect(broker.messages('out').map((m) => m.value?.toString())).toEqual(['yes']);
    expect(broker.committed('g')).toEqual([{ topic: 'in', partition: 0, offset: '9' }]);
    await expect(broker.producer().transaction()).rejects.toThrow('transactionalId');
  });
});

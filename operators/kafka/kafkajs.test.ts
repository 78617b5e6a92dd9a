import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import type { TopicPartition } from '../record.ts';
import { kafkajsPort, kafkajsTransaction, retryConcurrentTransactions } from './kafkajs.ts';

const concurrent = () => Object.assign(new Error('The producer attempted to update a transaction while another concurrent operation was ongoing'), { type: 'CONCURRENT_TRANSACTIONS' });

describe('kafkajs adapter', () => {
  it('retries sendOffsets on CONCURRENT_TRANSACTIONS (kafkajs#430), with growing waits', async () => {
    const sleeps: number[] = [];
    const sendOffsets = vi.fn().mockRejectedValueOnce(concurrent()).mockRejectedValueOnce(concurrent()).mockResolvedValue(undefined);
    const transaction = kafkajsTransaction(
      { sendOffsets, send: vi.fn(), commit: vi.fn(), abort: vi.fn() },
      { sleep: async (ms) => void sleeps.push(ms), initialDelayMs: 50 },
    );
    await transaction.sendOffsets({ consumerGroupId: 'g', offsets: [{ topic: 't', partition: 0, offset: '5' }, { topic: 't', partition: 1, offset: '7' }] });
    expect(sendOffsets).toHaveBeenCalledTimes(3);
    expect(sendOffsets).toHaveBeenLastCalledWith({
      consumerGroupId: 'g',
      topics: [{ topic: 't', partitions: [{ partition: 0, offset: '5' }, { partition: 1, offset: '7' }] }],
    });
    expect(sleeps).toEqual([50, 100]);
  });

  it('gives up after the bounded attempts, and never retries other errors', async () => {
    const always = vi.fn().mockRejectedValue(concurrent());
    await expect(retryConcurrentTransactions(always, { attempts: 3, sleep: async () => {} })).rejects.toMatchObject({ type: 'CONCURRENT_TRANSACTIONS' });
    expect(always).toHaveBeenCalledTimes(3);
    const other = vi.fn().mockRejectedValue(Object.assign(new Error('fenced'), { type: 'INVALID_PRODUCER_EPOCH' }));
    await expect(retryConcurrentTransactions(other, { sleep: async () => {} })).rejects.toThrow('fenced');
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('consumes without auto-commit, resolves only what the source took, and reports rebalances', async () => {
    const listeners = new Map<string, (event: { payload: { memberAssignment: Record<string, number[]> } }) => void>();
    let runOptions: Parameters<Consumer['run']>[0] = {};
    const fake = {
      events: { GROUP_JOIN: 'consumer.group_join', REBALANCING: 'consumer.rebalancing' },
      on: (event: string, listener: never) => listeners.set(event, listener),
      run: async (options: Parameters<Consumer['run']>[0]) => void (runOptions = options),
      pause: vi.fn(),
      resume: vi.fn(),
    };
    const port = kafkajsPort({ consumer: () => fake as unknown as Consumer } as unknown as Kafka);
    const consumer = port.consumer({ groupId: 'g' });
    const assigned: TopicPartition[][] = [];
    const revoked: TopicPartition[][] = [];
    await consumer.run({
      eachBatch: async (batch) => batch.messages.length - 1,
      onAssigned: (tps) => void assigned.push([...tps]),
      onRevoked: async (tps) => void revoked.push([...tps]),
    });
    expect(runOptions).toMatchObject({ autoCommit: false, eachBatchAutoResolve: false });

    listeners.get('consumer.group_join')?.({ payload: { memberAssignment: { in: [0, 1] } } });
    const resolveOffset = vi.fn();
    const message = (offset: string) => ({ offset, key: null, value: Buffer.from('v'), headers: {}, timestamp: '1' });
    await runOptions.eachBatch?.({
      batch: { topic: 'in', partition: 0, messages: [message('10'), message('11'), message('12')] },
      resolveOffset,
      heartbeat: async () => {},
      isRunning: () => true,
      isStale: () => false,
    } as unknown as EachBatchPayload);
    expect(assigned).toEqual([[{ topic: 'in', partition: 0 }, { topic: 'in', partition: 1 }]]);
    expect(resolveOffset).toHaveBeenCalledExactlyOnceWith('11'); // offset 12 is fetched again after resume

    listeners.get('consumer.rebalancing')?.({ payload: { memberAssignment: {} } });
    listeners.get('consumer.group_join')?.({ payload: { memberAssignment: { in: [1] } } });
    await runOptions.eachBatch?.({ batch: { topic: 'in', partition: 1, messages: [] }, resolveOffset, heartbeat: async () => {}, isRunning: () => true, isStale: () => false } as unknown as EachBatchPayload);
    // Eager rebalance: everything revoked first, then the new assignment.
    expect(revoked).toEqual([[{ topic: 'in', partition: 0 }, { topic: 'in', partition: 1 }]]);
    expect(assigned.at(-1)).toEqual([{ topic: 'in', partition: 1 }]);

    consumer.pause([{ topic: 'in', partition: 1 }, { topic: 'in', partition: 0 }]);
    expect(fake.pause).toHaveBeenCalledWith([{ topic: 'in', partitions: [1, 0] }]);
  });
});

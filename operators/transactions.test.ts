import { describe, expect, it } from 'vitest';
import { filter } from './filter.ts';
import { MemoryBroker } from './kafka/memory.ts';
import { mapValues } from './mapValues.ts';
import { runTopology } from './runner.ts';
import { TopologyTestDriver } from './testing/driver.ts';
import { to } from './to.ts';
import { TopologyBuilder } from './topology.ts';
import { TransactionalProducer } from './transactions.ts';

const topology = new TopologyBuilder()
  .subTopology('normalize', {
    groupId: 'eos',
    topics: ['raw'],
    fromBeginning: true,
    exactlyOnce: { transactionalId: 'switchyard-normalize' },
    pipeline: (records, { producer }) =>
      records.pipe(
        mapValues((v) => v?.toString().toUpperCase() ?? ''),
        filter((v: string) => v !== 'SKIP'),
        to(producer, { topic: 'out' }),
      ),
  })
  .build();

const values = (driver: TopologyTestDriver) => driver.readOutput('out').map((m) => m.value?.toString());

describe('exactly-once sub-topologies', () => {
  it('makes outputs and consumed offsets visible together, at commit', async () => {
    const driver = await TopologyTestDriver.start(topology, { commitIntervalMs: 100 });
    await driver.pipeInput('raw', ['a', 'b', 'skip', 'c'].map((value) => ({ value })));
    expect(values(driver)).toEqual([]); // produced inside the open transaction
    expect(driver.committed('eos')).toEqual({});
    await driver.advanceTime(100);
    expect(values(driver)).toEqual(['A', 'B', 'C']);
    expect(driver.committed('eos')).toEqual({ 'raw/0': '4' });
    await driver.close();
  });

  it('on a rebalance, aborts the open transaction and stops; the next owner produces each output once', async () => {
    const driver = await TopologyTestDriver.start(topology, { commitIntervalMs: 100 });
    await driver.pipeInput('raw', ['a', 'b'].map((value) => ({ value })));
    await driver.advanceTime(100);
    await driver.pipeInput('raw', ['c', 'd'].map((value) => ({ value })));
    // c and d are produced into the open transaction when a second instance joins.
    const second = await runTopology(topology, { kafka: driver.broker, scheduler: driver.scheduler, commitIntervalMs: 100 });
    await driver.advanceTime(300);
    expect(driver.errors.map((e) => (e.error as { code?: string }).code)).toContain('SWY_REBALANCED');
    expect(values(driver)).toEqual(['A', 'B', 'C', 'D']);
    expect(driver.committed('eos')).toEqual({ 'raw/0': '4' });
    await second.stop({ timeoutMs: 1000 });
  });

  it('goes on through a rebalance when nothing of the revoked partitions was taken since the last commit', async () => {
    const driver = await TopologyTestDriver.start(topology, { partitions: { raw: 2 }, commitIntervalMs: 100 });
    await driver.pipeInput('raw', ['a', 'b'].map((value) => ({ value, partition: 0 })));
    await driver.advanceTime(100);
    // Idle and committed: a second instance joins, takes a partition, and the first goes on.
    const second = await runTopology(topology, { kafka: driver.broker, scheduler: driver.scheduler, commitIntervalMs: 100 });
    await driver.advanceTime(300);
    expect(driver.errors).toEqual([]);
    await driver.pipeInput('raw', [{ value: 'c', partition: 0 }, { value: 'd', partition: 1 }]);
    await driver.advanceTime(300);
    expect(driver.errors).toEqual([]);
    expect(values(driver).sort()).toEqual(['A', 'B', 'C', 'D']);
    expect(driver.committed('eos')).toEqual({ 'raw/0': '3', 'raw/1': '1' });
    await second.stop({ timeoutMs: 1000 });
  });

  it('refuses to go on after a failed commit', async () => {
    const broker = new MemoryBroker();
    const inner = broker.producer({ transactionalId: 'tx' });
    const failing = {
      ...inner,
      connect: () => inner.connect(),
      disconnect: () => inner.disconnect(),
      send: (b: Parameters<typeof inner.send>[0]) => inner.send(b),
      transaction: async () => ({ ...(await inner.transaction()), commit: () => Promise.reject(new Error('fenced')) }),
    };
    const producer = new TransactionalProducer(failing);
    await producer.send({ topic: 'out', messages: [{ key: null, value: 'x' }] });
    await expect(producer.commit('g', [{ topic: 'in', partition: 0, offset: '1' }])).rejects.toThrow('fenced');
    await expect(producer.send({ topic: 'out', messages: [] })).rejects.toThrow('fenced');
    expect(broker.messages('out')).toEqual([]);
    expect(broker.committed('g')).toEqual([]);
  });
});

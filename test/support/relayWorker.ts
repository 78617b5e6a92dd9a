/**
 * A worker process for the group tests: one sub-topology that copies a topic to another
 * through batch → guard, slowly enough that a test can stop or kill it mid-stream.
 * SIGTERM stops it gracefully (drain, commit, disconnect); SIGKILL is the cut connection.
 *
 * env: INPUT, OUTPUT, GROUP_ID, BROKERS
 */
import kafkajs from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { batch, guard, kafkajsPort, runTopology, TopologyBuilder } from '../../operators/index.ts';

const { INPUT, OUTPUT, GROUP_ID, BROKERS } = process.env;
if (!INPUT || !OUTPUT || !GROUP_ID || !BROKERS) throw new Error('INPUT, OUTPUT, GROUP_ID and BROKERS are required');

const kafka = new kafkajs.Kafka({ clientId: `relay-${process.pid}`, brokers: BROKERS.split(','), logLevel: kafkajs.logLevel.NOTHING });
const output = kafka.producer({ idempotent: true });
await output.connect();

const topology = new TopologyBuilder()
  .subTopology('relay', {
    groupId: GROUP_ID,
    topics: [INPUT],
    fromBeginning: true,
    maxInFlightPerPartition: 200,
    pipeline: (records, { flow }) =>
      records.pipe(
        batch({ maxRecords: 50, maxWaitMs: 10 }),
        guard(
          async (batch) => {
            await output.send({ topic: OUTPUT, acks: -1, messages: batch.map((r) => ({ key: r.key, value: r.value })) });
            await sleep(25);
          },
          { name: 'relay', flow, breaker: false },
        ),
      ),
  })
  .build();

const running = await runTopology(topology, {
  kafka: kafkajsPort(kafka),
  commitIntervalMs: 100,
  consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 },
});
console.log('relay running');
process.once('SIGTERM', () => {
  void running
    .stop({ timeoutMs: 10_000 })
    .then(() => output.disconnect())
    .then(() => {
      console.log('relay stopped');
      process.exit(0);
    });
});

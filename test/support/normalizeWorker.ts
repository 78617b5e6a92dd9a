/**
 * A worker process running only the normalize sub-topology, exactly once, for the crash test.
 * env: NORMALIZE_TOPICS (JSON of NormalizeTopics), GROUP_ID, TRANSACTIONAL_ID, BROKERS.
 */
import kafkajs from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { createCodec } from '../../avro/codec.ts';
import { kafkajsPort, runTopology, TopologyBuilder } from '../../operators/index.ts';
import { localStack } from '../../config/endpoints.ts';
import { parseChannelMap } from '../../topology/derive/slackNotifications.ts';
import { NORMALIZE_OUTPUT_TOPICS, normalizeSubTopology, type NormalizeTopics } from '../../topology/normalize.ts';

const { NORMALIZE_TOPICS, GROUP_ID, TRANSACTIONAL_ID, BROKERS } = process.env;
if (!NORMALIZE_TOPICS || !GROUP_ID || !TRANSACTIONAL_ID || !BROKERS) throw new Error('NORMALIZE_TOPICS, GROUP_ID, TRANSACTIONAL_ID and BROKERS are required');

const codec = createCodec(new SchemaRegistry({ host: localStack.schemaRegistry.url }));
await codec.prepare(NORMALIZE_OUTPUT_TOPICS);
const kafka = new kafkajs.Kafka({ clientId: `normalize-${process.pid}`, brokers: BROKERS.split(','), logLevel: kafkajs.logLevel.NOTHING });
const topology = new TopologyBuilder()
  .subTopology(
    'normalize',
    normalizeSubTopology({
      codec,
      channels: parseChannelMap('', '#eng'),
      topics: JSON.parse(NORMALIZE_TOPICS) as NormalizeTopics,
      groupId: GROUP_ID,
      exactlyOnce: { transactionalId: TRANSACTIONAL_ID },
    }),
  )
  .build();
const running = await runTopology(topology, { kafka: kafkajsPort(kafka), commitIntervalMs: 100, consumer: { sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 } });
console.log('normalize running');
process.once('SIGTERM', () => void running.stop({ timeoutMs: 10_000 }).then(() => process.exit(0)));

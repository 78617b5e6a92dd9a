/**
 * Test support: the actuator sub-topology on the real stack (Kafka, the Schema Registry,
 * PostgreSQL for the ledger) against the Jira and Slack stand-ins, with fresh topics, a fresh
 * ledger schema and fresh consumer groups; everything is closed and dropped when the test ends.
 * It runs with the worker's Prometheus instrumentation and notes when each breaker changed state,
 * and reads the actuator's outcome counter, so a test can tell what happened rather than infer
 * it from timing.
 */
import type { KafkaMessage } from 'kafkajs';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { connectActuator, type ConnectedActuator } from '../../actuators/connect.ts';
import { postgresLedger } from '../../actuators/ledger.ts';
import type { ActOutcome } from '../../actuators/actuate.ts';
import type { Target } from '../../actuators/errors.ts';
import type { ActuatorTopics } from '../../actuators/subTopology.ts';
import { createCodec, type Codec } from '../../avro/codec.ts';
import { actuatorActions } from '../../metrics/registry.ts';
import { prometheusInstrumentation } from '../../metrics/topology.ts';
import type { BreakerState, DeadLetterEntry, Instrumentation } from '../../operators/index.ts';
import { kafkajsPort, runTopology, TopologyBuilder, type RunningTopology } from '../../operators/index.ts';
import { registerSchemas } from '../../avro/registration.ts';
import { localStack } from '../../config/endpoints.ts';
import { startJiraStandIn, type JiraStandIn } from './jiraStandIn.ts';
import { freshTopic, kafka, readAll, readToEnd } from './kafka.ts';
import { uniqueIdentifier, uniqueName } from './names.ts';
import { schemaRegistry } from './registry.ts';
import { startSlackStandIn, type SlackStandIn } from './slackStandIn.ts';

export const JIRA_CREDENTIALS = { email: 'switchyard-bot@example.com', apiToken: 'jira-api-token-standin-9c1e' };
export const SLACK_BOT_TOKEN = 'xoxb-1000-2000-standInBotToken';
export const SLACK_CHANNELS = { '#proj-eng': 'C0PROJENG1', '#ops': 'C0OPSALRT2' };

/** A guard's breaker changing state, timed on the stand-ins' clock (`performance.now()`). */
export interface BreakerChange {
  readonly node: string;
  readonly state: BreakerState;
  readonly at: number;
}

export interface LogLine {
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

export interface ActuatorHarness {
  readonly codec: Codec;
  readonly jira: JiraStandIn;
  readonly slack: SlackStandIn;
  readonly topics: ActuatorTopics;
  readonly logs: LogLine[];
  /** Every breaker state reported by this harness's runs, in order (the first, `closed`, at start). */
  readonly breakerChanges: BreakerChange[];
  /** switchyard_actuator_actions_total for a target and outcome, in this process (compare before and after). */
  actions(target: Target, outcome: ActOutcome): Promise<number>;
  /** The actuator with this environment (over the stand-ins' URLs and credentials). */
  connect(env?: Record<string, string>): Promise<ConnectedActuator>;
  /** Runs the actuator sub-topology (and any extra sub-topologies) in a fresh consumer group. */
  run(connected: ConnectedActuator, extra?: (builder: TopologyBuilder) => TopologyBuilder): Promise<RunningTopology>;
  /** Waits for `count` dead letters (or the time to run out) and returns what it read. */
  deadLetters(count: number, timeoutMs?: number): Promise<DeadLetterEntry[]>;
  /** Every dead letter on the topic, read to its end offset: after a run caught up or stopped, all there are. */
  allDeadLetters(): Promise<DeadLetterEntry[]>;
}

export async function actuatorHarness(topics?: ActuatorTopics): Promise<ActuatorHarness> {
  const registry = schemaRegistry();
  await registerSchemas(registry);
  const codec = createCodec(registry);
  await codec.prepare(['jira-commands', 'slack-notifications', 'switchyard.dlq']);
  const jira = await startJiraStandIn(JIRA_CREDENTIALS);
  const slack = await startSlackStandIn({ botToken: SLACK_BOT_TOKEN, channels: SLACK_CHANNELS });
  const schema = uniqueIdentifier('actuator_test');
  const ledger = await postgresLedger({ url: localStack.postgres.url, schema });
  const the = topics ?? { jiraCommands: await freshTopic(2, 'jira-commands'), slackNotifications: await freshTopic(1, 'slack'), deadLetters: await freshTopic(1, 'dlq') };
  const logs: LogLine[] = [];
  const log = (fields: object, message: string) => void logs.push({ fields: fields as Record<string, unknown>, message });
  const closing: (() => Promise<void>)[] = [];
  const breakerChanges: BreakerChange[] = [];
  const prometheus = prometheusInstrumentation();
  const instrumentation: Instrumentation = {
    counter: (name) => prometheus.counter(name),
    node: (subTopology, node) => {
      const meter = prometheus.node(subTopology, node);
      return { ...meter, breakerState: (state) => (breakerChanges.push({ node: node.name, state, at: performance.now() }), meter.breakerState(state)) };
    },
  };

  const decodeLetters = (messages: readonly KafkaMessage[]) => Promise.all(messages.map(async (m) => (await codec.decode('switchyard.dlq', m.value!)).value as DeadLetterEntry));

  onTestFinished(async () => {
    for (const close of closing.reverse()) await close().catch(() => undefined);
    await jira.close();
    await slack.close();
    await ledger.close();
    const client = new pg.Client({ connectionString: localStack.postgres.url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  return {
    codec,
    jira,
    slack,
    topics: the,
    logs,
    breakerChanges,
    actions: async (target, outcome) => (await actuatorActions.get()).values.find((v) => v.labels.target === target && v.labels.outcome === outcome)?.value ?? 0,
    connect: async (env = {}) => {
      const connected = await connectActuator(
        {
          JIRA_BASE_URL: jira.url,
          JIRA_EMAIL: JIRA_CREDENTIALS.email,
          JIRA_API_TOKEN: JIRA_CREDENTIALS.apiToken,
          SLACK_BOT_TOKEN,
          SLACK_API_URL: `${slack.url}/api/`,
          ...env,
        },
        // The ledger outlives each connection, as PostgreSQL outlives a worker: closed at the end.
        { codec, logger: { info: log, warn: log }, ledger: { ...ledger, close: async () => {} } },
      );
      closing.push(() => connected.close());
      return connected;
    },
    run: async (connected, extra = (b) => b) => {
      const topology = extra(new TopologyBuilder().subTopology('actuator', connected.subTopology({ topics: the, groupId: uniqueName('actuator') }))).build();
      const running = await runTopology(topology, { kafka: kafkajsPort(kafka), commitIntervalMs: 200, instrumentation });
      closing.push(() => running.stop({ timeoutMs: 10_000 }));
      return running;
    },
    deadLetters: async (count, timeoutMs = 10_000) => decodeLetters(await readAll(the.deadLetters, count, timeoutMs)),
    allDeadLetters: async () => decodeLetters(await readToEnd(the.deadLetters)),
  };
}

/**
 * Apache Kafka, one KRaft node (broker and controller in one process), from its Maven Central
 * jars (`scripts/stack/kafka/pom.xml`), on loopback.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { localStack, ports } from '../../../config/endpoints.ts';
import { fetchRuntime, javaBinary, requireJavaAndMaven } from '../maven.ts';
import { stackPaths } from '../paths.ts';
import type { StackService } from '../service.ts';

// kafkajs is CommonJS; Node's ESM loader only sees some of its names as named exports.
const { Kafka, logLevel, ConfigResourceTypes } = kafkajs;

/** Where a KRaft node keeps its files and which loopback ports it takes: the stack's, or a test's private one. */
export interface KafkaNode {
  /** Holds `server.properties` and the topic and metadata logs (`kraft/`). */
  readonly dataDir: string;
  /** Where log4j writes `server.log`. */
  readonly logDir: string;
  /** The client (PLAINTEXT) port, advertised as 127.0.0.1:<port>. */
  readonly port: number;
  readonly controllerPort: number;
}

/** JVM heap sizes, as `-Xms` / `-Xmx` take them (`'256m'`). */
export interface KafkaHeap {
  readonly initial: string;
  readonly max: string;
}

const stackNode: KafkaNode = {
  dataDir: stackPaths.data('kafka'),
  logDir: path.join(stackPaths.logs, 'kafka'),
  port: ports.kafka,
  controllerPort: ports.kafkaController,
};
const propertiesOf = (node: KafkaNode) => path.join(node.dataDir, 'server.properties');
const classpath = () => `${path.join(stackPaths.runtime('kafka'), 'lib')}/*`;
const logging = (node: KafkaNode) => [`-Dlog4j.configuration=file:${stackPaths.asset('kafka', 'log4j.properties')}`, `-Dkafka.logs.dir=${node.logDir}`];

/**
 * Create the node's directories and write its `server.properties` from the template (at every
 * start, so a template change reaches a node made before it); returns the file's path.
 */
export function writeKafkaProperties(node: KafkaNode): string {
  mkdirSync(node.logDir, { recursive: true });
  mkdirSync(node.dataDir, { recursive: true });
  const template = readFileSync(stackPaths.asset('kafka', 'server.properties.template'), 'utf8');
  const properties = propertiesOf(node);
  writeFileSync(properties, template
    .replaceAll('{{PORT}}', String(node.port))
    .replaceAll('{{CONTROLLER_PORT}}', String(node.controllerPort))
    .replaceAll('{{LOG_DIR}}', path.join(node.dataDir, 'kraft')));
  return properties;
}

/** Format the node's KRaft storage with a new cluster id, once: a formatted node keeps its data. Needs {@link writeKafkaProperties} first. */
export function formatKafkaStorage(node: KafkaNode): void {
  if (existsSync(path.join(node.dataDir, 'kraft', 'meta.properties'))) return;
  // A KRaft cluster id is 16 random bytes in URL-safe base64, as Kafka's Uuid prints them.
  const clusterId = randomBytes(16).toString('base64url');
  execFileSync(javaBinary(), ['-cp', classpath(), ...logging(node), 'kafka.tools.StorageTool', 'format', '-g', '-t', clusterId, '-c', propertiesOf(node)], { stdio: 'pipe' });
}

/** The command line that runs the node (`java … kafka.Kafka <dataDir>/server.properties`). */
export function kafkaServerCommand(node: KafkaNode, heap: KafkaHeap = { initial: '256m', max: '512m' }): { command: string; args: string[] } {
  return {
    command: javaBinary(),
    args: [
      `-Xms${heap.initial}`, `-Xmx${heap.max}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
      '-Djava.awt.headless=true', ...logging(node),
      '-cp', classpath(), 'kafka.Kafka', propertiesOf(node),
    ],
  };
}

/** The broker writes "Kafka version: X" when it starts; the wire protocol never carries it. */
function versionFromLog(): string | undefined {
  try {
    const log = readFileSync(path.join(stackNode.logDir, 'server.log'), 'utf8');
    return [...log.matchAll(/Kafka version: (\S+)/g)].at(-1)?.[1];
  } catch {
    return undefined;
  }
}

export const kafka: StackService = {
  name: 'kafka',
  label: 'Kafka',
  address: localStack.kafka.brokers.join(','),

  async probe() {
    const admin = new Kafka({
      clientId: 'switchyard-stack-probe',
      brokers: [...localStack.kafka.brokers],
      connectionTimeout: 1_000,
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0) return { healthy: false, detail: 'no broker registered yet' };
      const broker = String(cluster.brokers[0]!.nodeId);
      const configs = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.BROKER, name: broker, configNames: ['inter.broker.protocol.version'] }],
        includeSynonyms: false,
      });
      const protocol = configs.resources[0]?.configEntries[0]?.configValue;
      return { healthy: true, version: versionFromLog() ?? `protocol ${protocol ?? 'unknown'}` };
    } finally {
      await admin.disconnect();
    }
  },

  native: {
    startTimeoutMs: 90_000,
    ports: [ports.kafka, ports.kafkaController],

    async install() {
      requireJavaAndMaven();
      await fetchRuntime('kafka', stackPaths.asset('kafka', 'pom.xml'), (out) => [
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${path.join(out, 'lib')}`,
      ]);
    },

    async prepare() {
      writeKafkaProperties(stackNode);
      formatKafkaStorage(stackNode);
    },

    launch() {
      return { ...kafkaServerCommand(stackNode), marker: propertiesOf(stackNode) };
    },
  },
};

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

const dataDir = stackPaths.data('kafka');
const logDir = path.join(stackPaths.logs, 'kafka');
const properties = path.join(dataDir, 'server.properties');
const classpath = () => `${path.join(stackPaths.runtime('kafka'), 'lib')}/*`;
const logging = () => [`-Dlog4j.configuration=file:${stackPaths.asset('kafka', 'log4j.properties')}`, `-Dkafka.logs.dir=${logDir}`];

/** The broker writes "Kafka version: X" when it starts; the wire protocol never carries it. */
function versionFromLog(): string | undefined {
  try {
    const log = readFileSync(path.join(logDir, 'server.log'), 'utf8');
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
      mkdirSync(logDir, { recursive: true });
      mkdirSync(dataDir, { recursive: true });
      const template = readFileSync(stackPaths.asset('kafka', 'server.properties.template'), 'utf8');
      writeFileSync(properties, template
        .replaceAll('{{PORT}}', String(ports.kafka))
        .replaceAll('{{CONTROLLER_PORT}}', String(ports.kafkaController))
        .replaceAll('{{LOG_DIR}}', path.join(dataDir, 'kraft')));
      if (existsSync(path.join(dataDir, 'kraft', 'meta.properties'))) return;
      // A KRaft cluster id is 16 random bytes in URL-safe base64, as Kafka's Uuid prints them.
      const clusterId = randomBytes(16).toString('base64url');
      execFileSync(javaBinary(), ['-cp', classpath(), ...logging(), 'kafka.tools.StorageTool', 'format', '-g', '-t', clusterId, '-c', properties], { stdio: 'pipe' });
    },

    launch() {
      return {
        command: javaBinary(),
        args: [
          '-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
          '-Djava.awt.headless=true', ...logging(),
          '-cp', classpath(), 'kafka.Kafka', properties,
        ],
        marker: properties,
      };
    },
  },
};

/**
 * Neo4j Community 5.26 LTS (the last line on Java 17) from Maven Central, run by a small
 * embedded launcher (`scripts/stack/neo4j/`) with Bolt on loopback and auth on. The launcher
 * writes the initial password before Bolt opens, so no client ever meets the default one.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import neo4jDriver from 'neo4j-driver';
import { host, localStack, ports } from '../../../config/endpoints.ts';
import { fetchRuntime, javaBinary, requireJavaAndMaven } from '../maven.ts';
import { stackPaths } from '../paths.ts';
import type { StackService } from '../service.ts';

const dataDir = stackPaths.data('neo4j');

export const neo4j: StackService = {
  name: 'neo4j',
  label: 'Neo4j',
  address: localStack.neo4j.url,

  async probe() {
    const driver = neo4jDriver.driver(localStack.neo4j.url, neo4jDriver.auth.basic(localStack.neo4j.user, localStack.neo4j.password), {
      connectionTimeout: 2_000,
      maxConnectionPoolSize: 1,
      disableLosslessIntegers: true,
      // Report a refused connection at once instead of retrying it for 30 s.
      maxTransactionRetryTime: 0,
    });
    try {
      const { records } = await driver.executeQuery('CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition');
      const record = records[0];
      return { healthy: true, version: `${String(record?.get('version'))} ${String(record?.get('edition'))}` };
    } finally {
      await driver.close();
    }
  },

  native: {
    startTimeoutMs: 120_000,
    ports: [ports.neo4jBolt],

    async install() {
      requireJavaAndMaven();
      // The launcher's source is in the stamp: a changed setting in it (file URLs off) rebuilds the jar at the next start.
      await fetchRuntime('neo4j', stackPaths.asset('neo4j', 'pom.xml'), (out) => ['package', `-Druntime.dir=${out}`], [stackPaths.asset('neo4j', 'src', 'main', 'java', 'dev', 'switchyard', 'stack', 'Neo4jRuntime.java')]);
    },

    async prepare() {
      mkdirSync(dataDir, { recursive: true });
    },

    launch() {
      return {
        command: javaBinary(),
        args: ['-Xms256m', '-Xmx512m', '-jar', path.join(stackPaths.runtime('neo4j'), 'neo4j-runtime.jar'), '--data-dir', dataDir, '--port', String(ports.neo4jBolt), '--listen', host],
        // The password travels in the environment, not the command line `ps` shows.
        env: { NEO4J_PASSWORD: localStack.neo4j.password },
        marker: dataDir,
      };
    },
  },
};

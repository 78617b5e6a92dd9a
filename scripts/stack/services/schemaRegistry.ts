/**
 * A Confluent-compatible Schema Registry: Apicurio Registry from its Maven Central
 * distribution (`scripts/stack/registry/pom.xml`), serving the Confluent API at
 * `/apis/ccompat/v7`. Schemas persist in an H2 file under `.stack/data/registry`.
 *
 * 3.0.9 is the newest Apicurio 3 on Maven Central that runs on Java 17 (3.1/3.2 are not
 * published there; 3.3 needs Java 21).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { host, localStack, ports } from '../../../config/endpoints.ts';
import { fetchRuntime, javaBinary, requireJavaAndMaven } from '../maven.ts';
import { stackPaths } from '../paths.ts';
import type { StackService } from '../service.ts';

const baseUrl = `http://${host}:${ports.schemaRegistry}`;
const dataDir = stackPaths.data('registry');

async function getJson<T>(pathname: string): Promise<T> {
  const response = await fetch(`${baseUrl}${pathname}`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`GET ${pathname}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

function runnerJar(): string {
  const dir = stackPaths.runtime('registry');
  const jar = readdirSync(dir).find((file) => file.endsWith('-runner.jar'));
  if (!jar) throw new Error(`no Apicurio runner jar in ${dir}; delete that folder and run up again`);
  return path.join(dir, jar);
}

export const schemaRegistry: StackService = {
  name: 'registry',
  label: 'Schema Registry',
  address: localStack.schemaRegistry.url,

  async probe() {
    await getJson('/health/ready');
    // The Confluent-compatible API is the one our client speaks; check it answers too.
    await getJson('/apis/ccompat/v7/subjects');
    const info = await getJson<{ name?: string; version?: string }>('/apis/registry/v3/system/info');
    return { healthy: true, version: `Apicurio ${info.version ?? 'unknown'}` };
  },

  native: {
    startTimeoutMs: 120_000,
    ports: [ports.schemaRegistry],

    async install() {
      requireJavaAndMaven();
      await fetchRuntime('registry', stackPaths.asset('registry', 'pom.xml'), (out) => ['dependency:unpack', `-DoutputDirectory=${out}`]);
    },

    async prepare() {
      mkdirSync(dataDir, { recursive: true });
    },

    launch() {
      return {
        command: javaBinary(),
        args: [
          '-Xms32m', '-Xmx256m', '-XX:+UseSerialGC',
          `-Dquarkus.http.host=${host}`,
          `-Dquarkus.http.port=${ports.schemaRegistry}`,
          // Look schemas up by canonical form, so whitespace never makes a second id.
          '-Dapicurio.ccompat.use-canonical-hash=true',
          '-Dapicurio.rules.global.compatibility=BACKWARD',
          // WRITE_DELAY=0: without it, schemas registered just before a crash were lost.
          `-Dapicurio.datasource.url=jdbc:h2:file:${path.join(dataDir, 'registry')};WRITE_DELAY=0`,
          '-jar', runnerJar(),
        ],
        // Quarkus reads .env and config/ from its working directory: keep it out of the project.
        cwd: dataDir,
        marker: dataDir,
      };
    },
  },
};

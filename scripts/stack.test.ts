import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';

const run = promisify(execFile);
const node = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
const stackScript = join(import.meta.dirname, 'stack.ts');

/** `npm run stack -- endpoints` in `cwd` (where `.env` is looked for), with no SWITCHYARD_* variable inherited. Starts and probes nothing. */
async function endpoints(cwd: string, env: Record<string, string> = {}): Promise<Record<string, string>> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SWITCHYARD_')));
  const { stdout } = await run(node, [stackScript, 'endpoints'], { cwd, env: { ...clean, ...env }, timeout: 20_000 });
  return Object.fromEntries(stdout.trim().split('\n').map((line) => line.split('\t') as [string, string]));
}

function directory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-stack-env-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('npm run stack', () => {
  it('finds its services on the ports .env moved them to, as the worker does', async () => {
    const cwd = directory();
    expect(await endpoints(cwd)).toMatchObject({ kafka: '127.0.0.1:9092', postgres: '127.0.0.1:5432', neo4j: 'bolt://127.0.0.1:7687' });
    writeFileSync(join(cwd, '.env'), ['SWITCHYARD_KAFKA_PORT=19092', 'SWITCHYARD_POSTGRES_PORT=15432', 'SWITCHYARD_REGISTRY_PORT=18081', 'SWITCHYARD_PGVECTOR_PORT=15433', 'SWITCHYARD_CLICKHOUSE_HTTP_PORT=18123', 'SWITCHYARD_NEO4J_BOLT_PORT=17687', ''].join('\n'));
    expect(await endpoints(cwd)).toEqual({
      kafka: '127.0.0.1:19092',
      registry: 'http://127.0.0.1:18081/apis/ccompat/v7',
      postgres: '127.0.0.1:15432',
      pgvector: 'postgres://postgres@127.0.0.1:15433/postgres?sslmode=disable',
      clickhouse: 'http://127.0.0.1:18123',
      neo4j: 'bolt://127.0.0.1:17687',
    });
    // The environment still wins over the file.
    expect((await endpoints(cwd, { SWITCHYARD_POSTGRES_PORT: '25432' })).postgres).toBe('127.0.0.1:25432');
  });
});

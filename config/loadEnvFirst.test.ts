import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';

const run = promisify(execFile);
const node = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
const url = (file: string) => new URL(file, import.meta.url).href;

/** Runs an entry point that imports loadEnvFirst, then the local stack's endpoints, in `cwd`. */
async function entryPoint(cwd: string, env: Record<string, string> = {}) {
  const script = `import ${JSON.stringify(url('./loadEnvFirst.ts'))}; const { localStack } = await import(${JSON.stringify(url('./endpoints.ts'))}); console.log(localStack.kafka.brokers[0]);`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SWITCHYARD_')));
  return run(node, ['--input-type=module', '-e', script], { cwd, env: { ...clean, ...env }, timeout: 20_000 });
}

function directory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-entry-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('loadEnvFirst', () => {
  it('applies .env before modules that read the environment as they load', async () => {
    const cwd = directory();
    writeFileSync(join(cwd, '.env'), 'SWITCHYARD_KAFKA_PORT=19092\n');
    expect((await entryPoint(cwd)).stdout.trim()).toBe('127.0.0.1:19092');
    expect((await entryPoint(cwd, { SWITCHYARD_KAFKA_PORT: '29092' })).stdout.trim()).toBe('127.0.0.1:29092');
  });

  it('stops the program, naming SWITCHYARD_ENV_FILE, when the file it names is missing', async () => {
    const failed = await entryPoint(directory(), { SWITCHYARD_ENV_FILE: 'missing.env' }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/^switchyard: invalid configuration:\n {2}SWITCHYARD_ENV_FILE: must name a readable file; cannot read .*missing\.env \(ENOENT\)/);
  });
});

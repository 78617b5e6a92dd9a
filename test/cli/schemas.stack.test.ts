import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TOPICS } from '../../avro/schemas.ts';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--disable-warning=TimeoutNegativeWarning', 'cli/switchyard.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

describe('switchyard schemas', () => {
  it('register prints every subject with its id and version, and is idempotent', () => {
    cli(['schemas', 'register']);
    const second = cli(['schemas', 'register']);
    expect(second.status).toBe(0);
    for (const { subject } of Object.values(TOPICS)) expect(second.stdout).toMatch(new RegExp(`^${subject.replaceAll('.', '\\.')}\\s+\\d+\\s+\\d+\\s+unchanged$`, 'm'));
  });

  it('check exits 0 when the local schemas match the registry', () => {
    const result = cli(['schemas', 'check']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/eng\.events\.v1-value\s+v\d+ \(id \d+\)\s+compatible/);
  });

  it('says clearly when the registry cannot be reached, and exits 1', () => {
    const result = cli(['schemas', 'check'], { SCHEMA_REGISTRY_URL: 'http://127.0.0.1:9' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^switchyard: .*(ECONNREFUSED|fetch failed|connect)/m);
  });
});

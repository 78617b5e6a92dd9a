import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadEnvFile } from './index.ts';

function directory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-env-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('loadEnvFile', () => {
  it('adds the working directory’s .env to the environment; the environment wins', () => {
    const cwd = directory();
    writeFileSync(join(cwd, '.env'), '# a comment\nKAFKA_BROKERS=kafka.example.com:9092\nLOG_LEVEL=debug\nNEO4J_PASSWORD="quoted # not a comment"\nEMPTY_IN_ENV=from-file\n');
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn', EMPTY_IN_ENV: '' };
    const result = loadEnvFile({ env, cwd });
    expect(result).toEqual({ file: join(cwd, '.env'), applied: ['KAFKA_BROKERS', 'NEO4J_PASSWORD'] });
    expect(env).toEqual({ KAFKA_BROKERS: 'kafka.example.com:9092', LOG_LEVEL: 'warn', NEO4J_PASSWORD: 'quoted # not a comment', EMPTY_IN_ENV: '' });
  });

  it('is fine without a .env', () => {
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn' };
    expect(loadEnvFile({ env, cwd: directory() })).toEqual({ file: undefined, applied: [] });
    expect(env).toEqual({ LOG_LEVEL: 'warn' });
  });

  it('reads SWITCHYARD_ENV_FILE instead, relative to the working directory', () => {
    const cwd = directory();
    writeFileSync(join(cwd, '.env'), 'LOG_LEVEL=trace\n');
    writeFileSync(join(cwd, 'staging.env'), 'LOG_LEVEL=error\n');
    const env: Record<string, string | undefined> = { SWITCHYARD_ENV_FILE: 'staging.env' };
    loadEnvFile({ env, cwd });
    expect(env.LOG_LEVEL).toBe('error');
  });

  it('fails naming SWITCHYARD_ENV_FILE when the file it names is missing', () => {
    const cwd = directory();
    const env = { SWITCHYARD_ENV_FILE: 'prod.env' };
    expect(() => loadEnvFile({ env, cwd })).toThrow(ConfigError);
    try {
      loadEnvFile({ env, cwd });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([{ variable: 'SWITCHYARD_ENV_FILE', message: `must name a readable file; cannot read ${join(cwd, 'prod.env')} (ENOENT)` }]);
    }
  });
});

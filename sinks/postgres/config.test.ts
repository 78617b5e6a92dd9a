import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.ts';
import { Problems } from '../../config/spec.ts';
import { loadPostgresConfig, postgresConfig, redactedPostgresConfig } from './config.ts';

describe('postgres config', () => {
  it('defaults to the local stack, public schema, no teams file', () => {
    expect(loadPostgresConfig({})).toEqual({ url: 'postgres://switchyard:switchyard@127.0.0.1:5432/switchyard', poolMax: 4, schema: 'public', teamsFile: undefined, readerUrl: 'postgres://switchyard_reader:switchyard_reader@127.0.0.1:5432/switchyard' });
  });

  it('reads every variable', () => {
    const config = loadPostgresConfig({ POSTGRES_URL: 'postgresql://app:s3cret@aurora.example:5432/eng', POSTGRES_POOL_MAX: '10', POSTGRES_SCHEMA: 'switchyard', SWITCHYARD_TEAMS_FILE: '/etc/switchyard/teams.json' });
    expect(config).toEqual({ url: 'postgresql://app:s3cret@aurora.example:5432/eng', poolMax: 10, schema: 'switchyard', teamsFile: '/etc/switchyard/teams.json', readerUrl: 'postgresql://switchyard_reader:switchyard_reader@aurora.example:5432/eng' });
  });

  it('reads POSTGRES_READER_URL, checks it like POSTGRES_URL and never echoes it', () => {
    expect(loadPostgresConfig({ POSTGRES_READER_URL: 'postgres://ro:r34d@aurora-ro.example:5432/eng' }).readerUrl).toBe('postgres://ro:r34d@aurora-ro.example:5432/eng');
    const problems = new Problems(postgresConfig.settings);
    expect(postgresConfig.read({ POSTGRES_READER_URL: 'mysql://ro:r34d@db/x' }, problems)).toBeUndefined();
    expect(problems.list.map((p) => p.variable)).toEqual(['POSTGRES_READER_URL']);
    expect(JSON.stringify(problems.list)).not.toContain('r34d');
    expect(JSON.stringify(redactedPostgresConfig(loadPostgresConfig({ POSTGRES_READER_URL: 'postgres://ro:r34d@aurora-ro.example:5432/eng' })))).not.toContain('r34d');
  });

  it('names every bad variable and never echoes the URL', () => {
    const env = { POSTGRES_URL: 'mysql://u:hunter2@db/x', POSTGRES_POOL_MAX: '0', POSTGRES_SCHEMA: 'Bad-Name' };
    expect(() => loadPostgresConfig(env)).toThrow(ConfigError);
    expect(() => loadPostgresConfig(env)).not.toThrow(/hunter2/);
    const problems = new Problems(postgresConfig.settings);
    expect(postgresConfig.read(env, problems)).toBeUndefined();
    expect(problems.list.map((p) => `${p.variable} ${p.message}`).join('; ')).toMatch(/POSTGRES_URL must be a postgres:\/\/.*POSTGRES_POOL_MAX must be at least 1.*POSTGRES_SCHEMA must be a lower-case identifier/);
    expect(JSON.stringify(problems.list)).not.toContain('hunter2');
  });

  it('redacts the password for logs', () => {
    const config = loadPostgresConfig({ POSTGRES_URL: 'postgres://app:s3cret@aurora.example:5432/eng' });
    expect(redactedPostgresConfig(config)['url']).toBe('postgres://app:redacted@aurora.example:5432/eng');
  });
});

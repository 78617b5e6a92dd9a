import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.ts';
import { Problems } from '../../config/spec.ts';
import { clickhouseConfig, loadClickHouseConfig, redactedConfig } from './config.ts';

describe('loadClickHouseConfig', () => {
  it('has defaults for the local stack', () => {
    expect(loadClickHouseConfig({})).toEqual({ url: 'http://127.0.0.1:8123', username: 'default', password: '', database: 'switchyard', requestTimeoutMs: 30_000, readerUsername: 'switchyard_reader', readerPassword: '', rawUsername: 'switchyard_raw', rawPassword: '' });
  });

  it('reads the variables', () => {
    const env = { CLICKHOUSE_URL: 'https://abc.clickhouse.cloud:8443', CLICKHOUSE_USER: 'sw', CLICKHOUSE_PASSWORD: 's3cret', CLICKHOUSE_DATABASE: 'eng_events', CLICKHOUSE_REQUEST_TIMEOUT_MS: '5000', CLICKHOUSE_READER_USER: 'sw_ro', CLICKHOUSE_READER_PASSWORD: 'r34d', CLICKHOUSE_RAW_USER: 'sw_raw', CLICKHOUSE_RAW_PASSWORD: 'r4w' };
    expect(loadClickHouseConfig(env)).toEqual({ url: 'https://abc.clickhouse.cloud:8443', username: 'sw', password: 's3cret', database: 'eng_events', requestTimeoutMs: 5000, readerUsername: 'sw_ro', readerPassword: 'r34d', rawUsername: 'sw_raw', rawPassword: 'r4w' });
  });

  it.each([
    ['CLICKHOUSE_URL', 'tcp://host:9000'],
    ['CLICKHOUSE_URL', 'not a url'],
    ['CLICKHOUSE_DATABASE', 'bad-name; DROP'],
    ['CLICKHOUSE_REQUEST_TIMEOUT_MS', 'soon'],
    ['CLICKHOUSE_REQUEST_TIMEOUT_MS', '10'],
    ['CLICKHOUSE_READER_USER', 'reader; DROP'],
    ['CLICKHOUSE_RAW_USER', 'raw; DROP'],
  ])('names the variable that is wrong: %s=%s', (name, value) => {
    expect(() => loadClickHouseConfig({ [name]: value })).toThrow(ConfigError);
    const problems = new Problems(clickhouseConfig.settings);
    expect(clickhouseConfig.read({ [name]: value }, problems)).toBeUndefined();
    expect(problems.list).toEqual([{ variable: name, message: expect.stringMatching(/^must /), value }]);
  });

  it('never shows the password', () => {
    expect(JSON.stringify(redactedConfig(loadClickHouseConfig({ CLICKHOUSE_PASSWORD: 's3cret' })))).not.toContain('s3cret');
    expect(JSON.stringify(redactedConfig(loadClickHouseConfig({ CLICKHOUSE_READER_PASSWORD: 'r34d' })))).not.toContain('r34d');
    expect(JSON.stringify(redactedConfig(loadClickHouseConfig({ CLICKHOUSE_RAW_PASSWORD: 'r4w' })))).not.toContain('r4w');
    expect(JSON.stringify(redactedConfig(loadClickHouseConfig({ CLICKHOUSE_URL: 'https://sw:s3cret@abc.clickhouse.cloud:8443' })))).not.toContain('s3cret');
    const problems = new Problems(clickhouseConfig.settings);
    clickhouseConfig.read({ CLICKHOUSE_URL: 'tcp://sw:s3cret@host:9000' }, problems);
    expect(JSON.stringify(problems.list)).not.toContain('s3cret');
  });
});

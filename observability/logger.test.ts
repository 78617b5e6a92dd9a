import { describe, expect, it } from 'vitest';
import { createLogger, parseLogLevel, subTopologyLogger } from './logger.ts';

function capture(level = 'trace') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, parsed };
}

const SECRETS = ['hunter2-pw', 'tok-3f9a', 'jira-api-7781', 'sk-live-55', 'bearer-abc123', 'urlpass-9', 'sasl-pw-4', 'errpass-6', 'cookie-val'];

describe('logger', () => {
  it('writes JSON lines with the service, level name and time', () => {
    const { logger, parsed } = capture();
    logger.info({ port: 9464 }, 'serving');
    const [line] = parsed();
    expect(line).toMatchObject({ service: 'switchyard', level: 'info', port: 9464, msg: 'serving' });
    expect(typeof line?.['time']).toBe('string');
  });

  it('never writes a secret, whatever shape it is logged in', () => {
    const { logger, lines } = capture();
    const [password, token, apiToken, apiKey, bearer, urlPass, saslPw, errPass, cookie] = SECRETS;
    logger.info({ password, config: { jira: { apiToken }, pinecone: { apiKey } } }, 'settings');
    logger.info({ request: { headers: { authorization: `Bearer ${bearer}`, cookie } } }, 'calling');
    logger.info({ a: { b: { c: { d: { token } } } } }, 'deep');
    logger.info({ database: `postgres://switchyard:${urlPass}@127.0.0.1:5432/switchyard` }, 'connecting');
    logger.info(`connecting to https://bot:${urlPass}@jira.example.net/rest`);
    logger.error({ err: new Error(`connect failed for amqp://svc:${errPass}@mq:5672`) }, 'failed');
    subTopologyLogger(logger.child({ kafka: { sasl: { mechanism: 'plain', password: saslPw } } }), 'sink:postgres').warn('rebalancing');
    expect(lines).toHaveLength(7);
    const output = lines.join('');
    for (const secret of SECRETS) expect(output).not.toContain(secret);
    // What is not secret stays readable.
    expect(output).toContain('postgres://switchyard:[REDACTED]@127.0.0.1:5432/switchyard');
    expect(output).toContain('"mechanism":"plain"');
    expect(output).toContain('connect failed for amqp://svc:[REDACTED]@mq:5672');
  });

  it('tags the lines of a sub-topology', () => {
    const { logger, parsed } = capture();
    subTopologyLogger(logger, 'sink:clickhouse').info('started');
    expect(parsed()[0]).toMatchObject({ subTopology: 'sink:clickhouse', service: 'switchyard', msg: 'started' });
  });

  it('honours the level', () => {
    const { logger, parsed } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(parsed().map((l) => l['msg'])).toEqual(['shown']);
  });

  it('validates LOG_LEVEL, naming the variable', () => {
    expect(parseLogLevel(undefined)).toBe('info');
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('silent')).toBe('silent');
    expect(() => parseLogLevel('verbose')).toThrow(/LOG_LEVEL must be one of fatal\|error\|warn\|info\|debug\|trace\|silent, got "verbose"/);
    expect(() => createLogger({ level: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});

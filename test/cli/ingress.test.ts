/**
 * `switchyard ingress` as a process, with no service to reach: it refuses an impossible
 * configuration by name, and with Kafka and the registry away it still listens, answers 503 with
 * Retry-After (never a 2xx), says on /readyz what it waits for, and stops on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

const ARGS = ['--disable-warning=TimeoutNegativeWarning', 'cli/switchyard.ts', 'ingress'];
/** Nothing listens on port 9 (discard) here: every connection is refused at once. */
const AWAY = { KAFKA_BROKERS: '127.0.0.1:9', SCHEMA_REGISTRY_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'warn' };

describe('switchyard ingress', () => {
  it('refuses unproven deliveries on an address other machines reach, naming the settings, and exits 1', () => {
    const result = spawnSync(process.execPath, ARGS, { encoding: 'utf8', env: { ...process.env, ...AWAY, SWITCHYARD_INGRESS_HOST: '0.0.0.0', SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'github' }, timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SWITCHYARD_INGRESS_ALLOW_UNPROVEN.*SWITCHYARD_INGRESS_HOST is 0\.0\.0\.0/s);
  });

  it('listens with Kafka away: a signed delivery gets 503 with Retry-After, /readyz says why, SIGTERM stops it', async () => {
    const child = spawn(process.execPath, ARGS, { env: { ...process.env, ...AWAY, SWITCHYARD_INGRESS_PORT: '0', SWITCHYARD_INGRESS_GITHUB_SECRETS: 's3cret' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          // The last of its start-up lines.
          const found = /POST (http:\/\/127\.0\.0\.1:\d+)\/webhooks\/github/.exec(stdout);
          if (found && stdout.includes('health: ')) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${stdout}`)));
      });
      expect(stdout).toMatch(/Jira: refused \(503\) until SWITCHYARD_INGRESS_JIRA_SECRETS is set/);
      const body = '{"zen":"Anything added dilutes everything else.","hook_id":1}';
      const response = await fetch(`${url}/webhooks/github`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd-1', 'x-hub-signature-256': `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}` },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).not.toBeNull();
      expect(await response.json()).toMatchObject({ code: 'SWY_INGRESS_KAFKA_UNAVAILABLE' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ready: false, notReady: expect.arrayContaining(['ingress:kafka', 'ingress:topics', 'ingress:kafka-reachable']) });
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

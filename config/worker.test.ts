import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.ts';
import { readSection } from './spec.ts';
import { workerConfig } from './worker.ts';

function problemOf(env: Record<string, string>): unknown {
  try {
    readSection(workerConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return undefined;
}

describe('worker settings', () => {
  it('serves /metrics on loopback and calls a partition stalled after 5 minutes, unless told otherwise', () => {
    expect(readSection(workerConfig, {})).toMatchObject({ metricsHost: '127.0.0.1', stalledAfterMs: 5 * 60_000 });
    expect(readSection(workerConfig, { METRICS_HOST: '0.0.0.0', STALLED_AFTER_MINUTES: '2' })).toMatchObject({ metricsHost: '0.0.0.0', stalledAfterMs: 2 * 60_000 });
    for (const host of ['::', '::1', '10.0.0.7', 'localhost', 'metrics.internal.example.com', 'worker-1']) expect(readSection(workerConfig, { METRICS_HOST: host }).metricsHost).toBe(host);
  });

  it('rejects a METRICS_HOST that is no address or host name, naming the variable', () => {
    for (const host of ['http://0.0.0.0', '0.0.0.0:9464', 'my host', '-bad.example', 'a..b', `${'x'.repeat(64)}.example`]) {
      expect(problemOf({ METRICS_HOST: host }), host).toEqual([
        { variable: 'METRICS_HOST', message: 'must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name, without scheme or port', value: host },
      ]);
    }
  });

  it('rejects a STALLED_AFTER_MINUTES that is not a whole number of minutes, naming it', () => {
    expect(problemOf({ STALLED_AFTER_MINUTES: '0' })).toEqual([{ variable: 'STALLED_AFTER_MINUTES', message: 'must be a whole number from 1 to 1440', value: '0' }]);
  });
});

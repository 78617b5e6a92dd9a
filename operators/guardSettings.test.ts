import { describe, expect, it } from 'vitest';
import { guardOptionsFrom } from './guardSettings.ts';

const settings = { retryMaxAttempts: 5, retryInitialDelayMs: 200, breakerErrorPercent: 50, breakerVolumeThreshold: 3, breakerResetMs: 10_000 };

describe('guardOptionsFrom', () => {
  it('turns declared numbers into guard retry, breaker and limiter options', () => {
    expect(guardOptionsFrom({ ...settings, rateLimitPerSecond: 10 })).toEqual({
      retry: { maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 30_000 },
      breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, resetTimeout: 10_000 },
      limiter: { reservoir: 10, reservoirRefreshAmount: 10, reservoirRefreshInterval: 1_000, maxConcurrent: 1 },
    });
  });

  it('retries without end for 0 attempts, and limits nothing for a rate of 0 or none', () => {
    expect(guardOptionsFrom({ ...settings, retryMaxAttempts: 0 }).retry?.maxAttempts).toBe(Number.POSITIVE_INFINITY);
    expect(guardOptionsFrom({ ...settings, rateLimitPerSecond: 0 }).limiter).toBe(false);
    expect(guardOptionsFrom(settings).limiter).toBe(false);
  });

  it('caps retry waits where the settings say', () => {
    expect(guardOptionsFrom({ ...settings, retryMaxDelayMs: 60_000 }).retry?.maxDelayMs).toBe(60_000);
  });

  it('isolates poison records, isolateAttempts tries each, only when given the target’s health check', async () => {
    const healthy = async () => true;
    expect(guardOptionsFrom({ ...settings, isolateAttempts: 7 }, healthy).isolate).toEqual({ healthy, attempts: 7 });
    expect(guardOptionsFrom(settings, healthy).isolate).toEqual({ healthy }); // guard's default
    expect(guardOptionsFrom({ ...settings, isolateAttempts: 7 })).not.toHaveProperty('isolate');
  });
});

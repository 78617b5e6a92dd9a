import { describe, expect, it } from 'vitest';
import { inFlight } from './inFlight.ts';

describe('the deliveries in flight', () => {
  it('keep the bytes their bodies hold within the budget', () => {
    const requests = inFlight(100);
    expect(requests.reserve(60)).toBe(true);
    expect(requests.reserve(50)).toBe(false);
    requests.release(60);
    expect(requests.reserve(100)).toBe(true);
  });

  it('are drained: at once when none is in flight, when the last ends, or at the time limit', async () => {
    const requests = inFlight(100);
    await requests.drained(10_000);
    const end = requests.begin();
    let drained = false;
    const waiting = requests.drained(10_000).then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    end();
    end();
    await waiting;
    expect(drained).toBe(true);

    requests.begin();
    const started = Date.now();
    await requests.drained(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('say when they are closing', () => {
    const requests = inFlight(100);
    expect(requests.closing).toBe(false);
    requests.close();
    expect(requests.closing).toBe(true);
  });
});

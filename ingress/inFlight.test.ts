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

  it('are drained: at once when none is in flight, when the last settles, or at the time limit', async () => {
    const requests = inFlight(100);
    await requests.drained(10_000);
    let finish!: () => void;
    const handled = requests.track(() => new Promise<string>((resolve) => (finish = () => resolve('answered'))));
    let drained = false;
    const waiting = requests.drained(10_000).then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    finish();
    expect(await handled).toBe('answered');
    await waiting;
    expect(drained).toBe(true);

    requests.track(() => new Promise(() => {})).catch(() => {});
    const started = Date.now();
    await requests.drained(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});

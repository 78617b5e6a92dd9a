import { describe, expect, it } from 'vitest';
import { recentDeliveries } from './recentDeliveries.ts';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('recent deliveries', () => {
  it('produces a delivery id once; a redelivery after it is a duplicate', async () => {
    const recent = recentDeliveries(10);
    let produced = 0;
    const produce = async () => void (produced += 1);
    expect(await recent.once('d-1', produce)).toBe('produced');
    expect(await recent.once('d-1', produce)).toBe('duplicate');
    expect(await recent.once('d-2', produce)).toBe('produced');
    expect(produced).toBe(2);
  });

  it('remembers nothing of a failed produce: the redelivery is produced', async () => {
    const recent = recentDeliveries(10);
    await expect(recent.once('d-1', () => Promise.reject(new Error('Kafka away')))).rejects.toThrow('Kafka away');
    expect(await recent.once('d-1', async () => {})).toBe('produced');
  });

  it('makes a copy arriving while the first is in flight share its outcome: a duplicate if it succeeded, the same refusal if it failed', async () => {
    const recent = recentDeliveries(10);
    const first = deferred();
    const a = recent.once('d-1', () => first.promise);
    let secondRan = false;
    const b = recent.once('d-1', async () => void (secondRan = true));
    first.resolve();
    expect(await a).toBe('produced');
    expect(await b).toBe('duplicate');
    expect(secondRan).toBe(false);

    const failing = deferred();
    const c = recent.once('d-2', () => failing.promise);
    const d = recent.once('d-2', async () => void (secondRan = true));
    failing.reject(new Error('timed out'));
    await expect(c).rejects.toThrow('timed out');
    await expect(d).rejects.toThrow('timed out');
    expect(secondRan).toBe(false);
    // Sent again later, it is produced.
    expect(await recent.once('d-2', async () => {})).toBe('produced');
  });

  it('remembers a delivery acknowledged after it was refused', async () => {
    const recent = recentDeliveries(10);
    await expect(recent.once('d-1', () => Promise.reject(new Error('timed out')))).rejects.toThrow();
    recent.remember('d-1');
    expect(await recent.once('d-1', async () => {})).toBe('duplicate');
  });

  it('forgets the least recently produced ids beyond its capacity, and nothing at all with capacity 0', async () => {
    const recent = recentDeliveries(2);
    for (const id of ['a', 'b', 'c']) await recent.once(id, async () => {});
    expect(await recent.once('a', async () => {})).toBe('produced');
    expect(await recent.once('c', async () => {})).toBe('duplicate');
    const none = recentDeliveries(0);
    await none.once('a', async () => {});
    expect(await none.once('a', async () => {})).toBe('produced');
  });
});

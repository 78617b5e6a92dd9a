import { describe, expect, it } from 'vitest';
import { BatchWriteError, PermanentError, SwitchyardError } from '../operators/index.ts';
import { runKeyed, splitByKey } from './runKeyed.ts';

const retriable = () => new SwitchyardError('503', 'SWY_TEST', { retriable: true });

describe('splitByKey', () => {
  it('cuts a batch so each key appears once per batch, each key in order', () => {
    expect(splitByKey(['a1', 'b1', 'a2', 'c1', 'a3', 'b2'], (s) => s[0]!)).toEqual([['a1', 'b1', 'c1'], ['a2', 'b2'], ['a3']]);
  });

  it('leaves a batch of distinct keys whole, and an empty one empty', () => {
    expect(splitByKey(['a', 'b', 'c'], (s) => s)).toEqual([['a', 'b', 'c']]);
    expect(splitByKey([], (s: string) => s)).toEqual([]);
  });
});

describe('runKeyed', () => {
  it('runs the keys of a batch side by side', async () => {
    const log: string[] = [];
    await runKeyed(['a', 'b'], async (s) => {
      log.push(`start ${s}`);
      await new Promise((r) => setTimeout(r, 10));
      log.push(`end ${s}`);
    });
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('names the failed commands and leaves the others done', async () => {
    const done: string[] = [];
    const error = await runKeyed(['a', 'b', 'c'], async (s) => {
      if (s === 'a') throw new PermanentError('404');
      if (s === 'c') throw retriable();
      done.push(s);
    }).catch((e: unknown) => e);
    expect(done).toEqual(['b']);
    expect(error).toBeInstanceOf(BatchWriteError);
    expect((error as BatchWriteError).failures.map((f) => f.index)).toEqual([0, 2]);
  });

  it('throws the error itself when everything failed retriably, so the breaker sees the host down', async () => {
    const first = retriable();
    await expect(runKeyed(['a', 'b'], async (s) => { throw s === 'a' ? first : retriable(); })).rejects.toBe(first);
  });

  it('throws an outage’s error (transient) when everything failed retriably, so guard waits without counting an attempt', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8080'), { code: 'ECONNREFUSED' });
    await expect(runKeyed(['a', 'b'], async (s) => { throw s === 'a' ? retriable() : refused; })).rejects.toBe(refused);
  });

  it('resolves for an empty batch', async () => {
    await expect(runKeyed([], async () => {})).resolves.toBeUndefined();
  });
});

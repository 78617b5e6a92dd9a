import { describe, expect, it } from 'vitest';
import { BatchWriteError, PermanentError, SwitchyardError } from '../operators/index.ts';
import { NotAttemptedError, runKeyed } from './runKeyed.ts';

const retriable = () => new SwitchyardError('503', 'SWY_TEST', { retriable: true });

describe('runKeyed', () => {
  it('runs one key in order and keys side by side', async () => {
    const log: string[] = [];
    await runKeyed(['a1', 'b1', 'a2', 'b2'], (s) => s[0]!, async (s) => {
      log.push(`start ${s}`);
      await new Promise((r) => setTimeout(r, 10));
      log.push(`end ${s}`);
    });
    expect(log.slice(0, 2)).toEqual(['start a1', 'start b1']);
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
  });

  it("stops a key at its first failure, names the rest as not attempted, and leaves other keys' work done", async () => {
    const done: string[] = [];
    const error = await runKeyed(['a1', 'b1', 'a2'], (s) => s[0]!, async (s) => {
      if (s === 'a1') throw new PermanentError('404');
      done.push(s);
    }).catch((e: unknown) => e);
    expect(done).toEqual(['b1']);
    expect(error).toBeInstanceOf(BatchWriteError);
    const failures = (error as BatchWriteError).failures;
    expect(failures.map((f) => f.index)).toEqual([0, 2]);
    expect(failures[1]!.error).toBeInstanceOf(NotAttemptedError);
  });

  it('throws the error itself when everything failed retriably, so the breaker sees the host down', async () => {
    const first = retriable();
    await expect(runKeyed(['a', 'b'], (s) => s, async (s) => { throw s === 'a' ? first : retriable(); })).rejects.toBe(first);
  });

  it('resolves for an empty batch', async () => {
    await expect(runKeyed([], () => 'k', async () => {})).resolves.toBeUndefined();
  });
});

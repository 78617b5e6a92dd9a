import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, onTestFinished, test } from 'vitest';
import { withLock } from './lock.ts';

function lockFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-lock-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'stack.lock');
}

describe('withLock', () => {
  test('runs one holder at a time', async () => {
    const file = lockFile();
    const events: string[] = [];
    const holder = (name: string) => withLock(file, async () => {
      events.push(`${name} in`);
      await sleep(100);
      events.push(`${name} out`);
    }, { pollMs: 10 });
    await Promise.all([holder('a'), holder('b')]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  test('takes over a lock whose owner is gone, and releases it after a failure', async () => {
    const file = lockFile();
    writeFileSync(file, '2147483646');
    await expect(withLock(file, () => Promise.reject(new Error('boom')), { pollMs: 10 })).rejects.toThrow('boom');
    expect(await withLock(file, () => Promise.resolve('again'), { timeoutMs: 100, pollMs: 10 })).toBe('again');
  });

  test('gives up after the timeout while a live owner holds it', async () => {
    const file = lockFile();
    writeFileSync(file, String(process.pid));
    await expect(withLock(file, () => Promise.resolve(), { timeoutMs: 50, pollMs: 10 })).rejects.toThrow(/held .* for over/);
  });
});

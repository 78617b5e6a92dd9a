/**
 * One `up` or `down` at a time on this machine. Two test runs starting at once each found the
 * stack down and each launched every service: the second Neo4j and Registry died on their data
 * locks, and the pid files ended up naming the dead ones, so `down` no longer knew the live
 * processes. The lock is a file created exclusively, holding its owner's pid; a lock whose owner
 * is gone is taken over.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Run `work` holding the lock at `file`, waiting up to `timeoutMs` for another holder. */
export async function withLock<T>(file: string, work: () => Promise<T>, { timeoutMs = 600_000, pollMs = 250 } = {}): Promise<T> {
  mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  while (!tryTake(file)) {
    if (Date.now() > deadline) throw new Error(`another stack command (pid ${holder(file) ?? '?'}) held ${file} for over ${timeoutMs / 1000} s`);
    if (!announced) {
      console.log(`  waiting for another stack command (pid ${holder(file) ?? '?'}) to finish…`);
      announced = true;
    }
    await sleep(pollMs);
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}

function tryTake(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const pid = holder(file);
    // Its owner died without releasing it (SIGKILL, a crash): take it over.
    if (pid === undefined || !existsSync(`/proc/${pid}`)) rmSync(file, { force: true });
    return false;
  }
}

function holder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

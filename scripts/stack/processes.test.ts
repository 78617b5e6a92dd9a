import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A stack directory of this test's own (SWITCHYARD_STACK_DIR), so no pid file of a real stack is read or written.
const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-stackdir-'));
let processes: typeof import('./processes.ts');
let paths: typeof import('./paths.ts');

beforeAll(async () => {
  vi.stubEnv('SWITCHYARD_STACK_DIR', dir);
  vi.resetModules();
  paths = await import('./paths.ts');
  processes = await import('./processes.ts');
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('SWITCHYARD_STACK_DIR', () => {
  it('moves pid files and logs; .stack under the project without it', () => {
    expect(paths.stackPaths.pid('kafka')).toBe(path.join(dir, 'run', 'kafka.pid'));
    expect(paths.stackPaths.logs).toBe(path.join(dir, 'logs'));
    expect(paths.stackDirFrom(undefined)).toBe(path.join(paths.projectRoot, '.stack'));
    expect(paths.stackDirFrom(' ')).toBe(path.join(paths.projectRoot, '.stack'));
    expect(paths.stackDirFrom('tmp/other')).toBe(path.join(paths.projectRoot, 'tmp/other'));
  });
});

describe('killService', () => {
  it('signals the process the stack started, waits until it is gone and forgets it', async () => {
    const pid = processes.launchDetached('sleeper', { command: 'sleep', args: ['61'], marker: 'sleep 61' });
    expect(processes.runningPid('sleeper')).toBe(pid);
    await expect(processes.killService('sleeper', 'SIGKILL')).resolves.toBe('killed');
    expect(processes.runningPid('sleeper')).toBeUndefined();
    await expect(processes.killService('sleeper', 'SIGKILL')).resolves.toBe('not running');
  });

  it('says so when the process outlives the signal, rather than escalating', async () => {
    // An ignored signal stays ignored across exec: the sleep itself ignores SIGTERM, and leaves no orphan behind.
    const ready = path.join(dir, 'stubborn.ready');
    const pid = processes.launchDetached('stubborn', { command: 'sh', args: ['-c', `trap "" TERM; : > ${ready}; exec sleep 62`], marker: 'sleep 62' });
    await vi.waitFor(() => expect(existsSync(ready)).toBe(true));
    await expect(processes.killService('stubborn', 'SIGTERM', 500)).rejects.toThrow(/still runs 0.5 s after SIGTERM/);
    expect(processes.runningPid('stubborn')).toBe(pid);
    await expect(processes.killService('stubborn', 'SIGKILL')).resolves.toBe('killed');
  });
});

/**
 * Processes the native stack started: spawned detached, remembered in pid files, stopped by
 * signal. A pid file is the record of "we started this", so `down` never touches a process
 * it did not start, and a reused pid is told apart by its command line.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync, rmSync, existsSync, chownSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stackPaths } from './paths.ts';
import type { LaunchSpec } from './service.ts';

interface PidRecord {
  readonly pid: number;
  readonly marker: string;
  readonly stopSignal: NodeJS.Signals;
  readonly startedAt: string;
}

export interface SystemUser {
  readonly uid: number;
  readonly gid: number;
}

/** The uid and gid of a system user, from `id`, or undefined when it does not exist. */
export function systemUser(name: string): SystemUser | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/** Give a file or directory to the user a service runs as (only meaningful when we are root). */
export function giveTo(target: string, user: string | undefined): void {
  if (!user || !isRoot()) return;
  const owner = systemUser(user);
  if (!owner) throw new Error(`system user "${user}" does not exist; it comes with its Debian package`);
  chownSync(target, owner.uid, owner.gid);
}

function readRecord(service: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(stackPaths.pid(service), 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/** The pid of the service's process if we started it and it still runs. */
export function runningPid(service: string): number | undefined {
  const record = readRecord(service);
  if (!record) return undefined;
  const cmd = commandLine(record.pid);
  if (cmd?.includes(record.marker)) return record.pid;
  if (cmd === '' && execInProgress(record)) return record.pid;
  rmSync(stackPaths.pid(service), { force: true });
  return undefined;
}

/**
 * Node's spawn returns once the child's exec has begun, but the kernel fills /proc/<pid>/cmdline
 * only when the new program's arguments are laid out: for that moment the command line reads
 * empty. A record that young with an empty command line is our process still starting.
 */
function execInProgress(record: PidRecord): boolean {
  return Date.now() - Date.parse(record.startedAt) < 5_000;
}

/** Start a service's process detached from us, its output appended to its log file. */
export function launchDetached(service: string, spec: LaunchSpec): number {
  const logFile = stackPaths.log(service);
  mkdirSync(path.dirname(logFile), { recursive: true });
  mkdirSync(path.dirname(stackPaths.pid(service)), { recursive: true });
  const out = openSync(logFile, 'a');
  const owner = spec.user && isRoot() ? systemUser(spec.user) : undefined;
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', out, out],
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command} for ${service}`);
    child.unref();
    const record: PidRecord = {
      pid: child.pid,
      marker: spec.marker,
      stopSignal: spec.stopSignal ?? 'SIGTERM',
      startedAt: new Date().toISOString(),
    };
    writeFileSync(stackPaths.pid(service), JSON.stringify(record));
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** Ask the service's process to stop, wait for it, and kill it if it will not. */
export async function stopProcess(service: string, timeoutMs = 30_000): Promise<'stopped' | 'killed' | 'not running'> {
  const record = readRecord(service);
  const pid = runningPid(service);
  if (!record || pid === undefined) return 'not running';
  signal(pid, record.stopSignal);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) {
      rmSync(stackPaths.pid(service), { force: true });
      return 'stopped';
    }
    await sleep(100);
  }
  signal(pid, 'SIGKILL');
  rmSync(stackPaths.pid(service), { force: true });
  return 'killed';
}

/**
 * Send a service's process one signal and wait until it is gone: the fault-injection suite's
 * SIGKILL (no shutdown hook runs, as when the machine loses power). Only a process this stack
 * started (its pid file) is ever signalled. Rejects when it outlives `timeoutMs`, rather than
 * escalating: a SIGTERM that hangs is a finding, not something to paper over.
 */
export async function killService(service: string, name: NodeJS.Signals, timeoutMs = 30_000): Promise<'killed' | 'not running'> {
  const pid = runningPid(service);
  if (pid === undefined) return 'not running';
  signal(pid, name);
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`${service} (pid ${pid}) still runs ${timeoutMs / 1000} s after ${name}`);
    await sleep(50);
  }
  rmSync(stackPaths.pid(service), { force: true });
  return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* already gone */
  }
}

function alive(pid: number): boolean {
  if (!existsSync(`/proc/${pid}`)) return false;
  // A zombie has exited; it is only waiting for a parent that is not us.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** The last lines of a service's log, to say why it did not come up. */
export function logTail(service: string, lines = 15): string {
  try {
    return readFileSync(stackPaths.log(service), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

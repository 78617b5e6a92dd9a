/**
 * One face for both providers. The provider is chosen by SWITCHYARD_STACK (`native` or
 * `docker`), else Docker when an engine answers, else native; `up` remembers its choice so
 * `down` and `status` ask the same one.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { dockerDown, dockerEngineAnswers, dockerUp } from './docker.ts';
import { withLock } from './lock.ts';
import { nativeDown, nativeStatus, nativeUp, type ServiceState } from './native.ts';
import { stackDir } from './paths.ts';
import { stackServices } from './services/index.ts';

export type ProviderName = 'native' | 'docker';
const remembered = path.join(stackDir, 'provider');
const lockFile = path.join(stackDir, 'run', 'stack.lock');

export function chooseProvider(): ProviderName {
  const asked = process.env.SWITCHYARD_STACK;
  if (asked !== undefined && asked !== '') {
    if (asked === 'native' || asked === 'docker') return asked;
    throw new Error(`SWITCHYARD_STACK must be "native" or "docker", got "${asked}"`);
  }
  if (existsSync(remembered)) {
    const last = readFileSync(remembered, 'utf8').trim();
    if (last === 'native' || last === 'docker') return last;
  }
  return dockerEngineAnswers() ? 'docker' : 'native';
}

/** Start what is not running. Concurrent callers (two test runs) take turns: see lock.ts. */
export function stackUp(provider = chooseProvider()): Promise<ServiceState[]> {
  return withLock(lockFile, () => up(provider));
}

async function up(provider: ProviderName): Promise<ServiceState[]> {
  mkdirSync(stackDir, { recursive: true });
  writeFileSync(remembered, provider);
  console.log(`Bringing the local stack up (${provider})…`);
  if (provider === 'docker') {
    dockerUp();
    // Compose's health checks pass before some services answer their clients; ask them.
    return awaitHealthy(120_000);
  }
  await nativeUp(stackServices);
  return stackStatus();
}

export function stackDown(provider = chooseProvider()): Promise<void> {
  return withLock(lockFile, () => down(provider));
}

async function down(provider: ProviderName): Promise<void> {
  console.log(`Stopping the local stack (${provider})…`);
  if (provider === 'docker') dockerDown();
  else await nativeDown(stackServices);
  rmSync(remembered, { force: true });
}

/** Probe every service; the same probes serve both providers. */
export function stackStatus(): Promise<ServiceState[]> {
  return nativeStatus(stackServices);
}

async function awaitHealthy(timeoutMs: number): Promise<ServiceState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await stackStatus();
    if (allHealthy(states) || Date.now() > deadline) return states;
    await sleep(1_000);
  }
}

export const allHealthy = (states: readonly ServiceState[]): boolean => states.every((s) => s.health.healthy);

export function formatStatus(states: readonly ServiceState[]): string {
  const rows = [
    ['SERVICE', 'ADDRESS', 'VERSION', 'PROCESS', 'HEALTH'],
    ...states.map((s) => [
      s.service.label,
      s.service.address,
      s.health.version ?? '-',
      s.owner,
      s.health.healthy ? 'healthy' : `down${s.health.detail ? ` (${s.health.detail})` : ''}`,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

/**
 * The native provider: every service as a process of this machine, for machines without a
 * Docker engine. `up` installs what is missing, starts what is not running in dependency
 * order, and returns when each one answers through its client; `down` stops only the
 * processes it started.
 */
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { installDebianPackages } from './debian.ts';
import { launchDetached, logTail, runningPid, stopProcess } from './processes.ts';
import { probeWithin, type Health, type StackService } from './service.ts';

const PROBE_MS = 3_000;

export interface ServiceState {
  readonly service: StackService;
  readonly health: Health;
  /** Who runs it: our pid, or somebody else's process answering on its address. */
  readonly owner: string;
}

export async function nativeStatus(services: readonly StackService[]): Promise<ServiceState[]> {
  return Promise.all(
    services.map(async (service) => {
      const pid = runningPid(service.name);
      const health = await probeWithin(PROBE_MS, () => service.probe());
      const owner = pid !== undefined ? `pid ${pid}` : health.healthy ? 'not ours' : '-';
      return { service, health, owner };
    }),
  );
}

export async function nativeUp(services: readonly StackService[]): Promise<void> {
  const states = await nativeStatus(services);
  const toStart = states.filter((s) => !s.health.healthy && s.owner === '-').map((s) => s.service);
  for (const s of states) {
    if (s.health.healthy) console.log(`  ${s.service.name}: already running (${s.owner})`);
    else if (s.owner !== '-') console.log(`  ${s.service.name}: still starting (${s.owner})`);
  }

  const missing = toStart.flatMap((s) => {
    const debian = s.native.debianPackages;
    return debian && debian.binary() === undefined ? debian.packages : [];
  });
  installDebianPackages([...new Set(missing)]);
  // One at a time: Maven's local repository is not safe for concurrent writers.
  for (const service of toStart) await service.native.install?.();

  const byName = new Map(services.map((s) => [s.name, s]));
  const ready = new Map<string, Promise<void>>();
  const bringUp = (service: StackService): Promise<void> => {
    let promise = ready.get(service.name);
    if (!promise) {
      promise = (async () => {
        for (const dependency of service.dependsOn ?? []) {
          const other = byName.get(dependency);
          if (!other) throw new Error(`${service.name} depends on unknown service "${dependency}"`);
          await bringUp(other);
        }
        const state = states.find((s) => s.service === service);
        if (!state?.health.healthy) await startAndWait(service, state?.owner === '-');
      })();
      ready.set(service.name, promise);
    }
    return promise;
  };
  const results = await Promise.allSettled(services.map(bringUp));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length > 0) throw new AggregateError(failures, failures.map((f) => f.message).join('\n\n'));
}

async function startAndWait(service: StackService, launch: boolean): Promise<void> {
  const { native } = service;
  const started = Date.now();
  if (launch) {
    await native.prepare?.();
    for (const port of native.ports) {
      if (await portAnswers(port)) {
        throw new Error(`${service.label} cannot start: port ${port} is taken by a process Switchyard did not start. Stop it, or move ${service.label} to another port (see config/endpoints.ts for the variable).`);
      }
    }
    const pid = launchDetached(service.name, await native.launch());
    console.log(`  ${service.name}: started (pid ${pid}), waiting for it to answer…`);
  }
  let last: Health = { healthy: false };
  while (Date.now() - started < native.startTimeoutMs) {
    last = await probeWithin(PROBE_MS, () => service.probe());
    if (last.healthy) break;
    if (runningPid(service.name) === undefined) {
      throw new Error(`${service.label} exited while starting. Last lines of .stack/logs/${service.name}.log:\n${logTail(service.name)}`);
    }
    await sleep(250);
  }
  if (!last.healthy) {
    throw new Error(`${service.label} did not answer within ${native.startTimeoutMs / 1000} s (${last.detail ?? 'no detail'}). Last lines of .stack/logs/${service.name}.log:\n${logTail(service.name)}`);
  }
  await native.afterReady?.();
  console.log(`  ${service.name}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${last.version ?? '?'})`);
}

export async function nativeDown(services: readonly StackService[]): Promise<void> {
  // Reverse start order, so nothing loses a service it depends on while it shuts down.
  for (const service of [...services].reverse()) {
    const outcome = await stopProcess(service.name);
    if (outcome !== 'not running') console.log(`  ${service.name}: ${outcome}`);
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

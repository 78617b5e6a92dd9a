/**
 * The service faults of the fault run, in the order they are injected, each an outage of one
 * service of the local stack followed by a restart through the stack's own start code
 * (`nativeUp` for that one service, under the stack's lock, as `npm run stack -- up` would).
 *
 * | fault | how | outage |
 * | --- | --- | --- |
 * | Kafka broker | SIGKILL, restarted at once | until the broker answers again |
 * | Schema Registry | stopped (SIGTERM) for `registryDownMs`, with unseen schema ids arriving | that, plus its start |
 * | PostgreSQL | fast shutdown (SIGINT: open transactions rolled back, clients cut) under load, `postgresDownMs` | that, plus its start |
 * | Neo4j | SIGKILL, restarted at once | until Bolt answers again |
 * | ClickHouse | stopped (SIGTERM) for 30 s | that, plus its start |
 *
 * Only processes this stack started are touched (their pid files); the Docker provider, where
 * compose owns the processes, is refused.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withLock } from '../../scripts/stack/lock.ts';
import { nativeUp } from '../../scripts/stack/native.ts';
import { stackDir } from '../../scripts/stack/paths.ts';
import { killService, runningPid, stopProcess } from '../../scripts/stack/processes.ts';
import { chooseProvider } from '../../scripts/stack/provider.ts';
import { stackServices } from '../../scripts/stack/services/index.ts';

export interface StackFault {
  readonly name: string;
  /** The stack service (scripts/stack/services) it takes down. */
  readonly service: string;
  /** What is done to it, for the narration. */
  readonly how: string;
  /** Time to stay down after the process ended, before the restart begins. */
  readonly downMs: number;
  /** Ends the process; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface FaultDurations {
  readonly registryDownMs: number;
  readonly postgresDownMs: number;
  readonly clickhouseDownMs: number;
}

const kill = (service: string) => async () => void (await mustRun(service, () => killService(service, 'SIGKILL')));
/** The service's own stop signal (SIGINT for PostgreSQL: its fast shutdown), waited for. */
const stop = (service: string) => async () => void (await mustRun(service, () => stopProcess(service, 60_000)));

async function mustRun(service: string, end: () => Promise<string>): Promise<void> {
  if (runningPid(service) === undefined) throw new Error(`${service} is not a process this stack started (no live pid file in ${path.join(stackDir, 'run')}); the fault run needs the native stack`);
  await end();
}

export function stackFaults(durations: FaultDurations): StackFault[] {
  return [
    { name: 'kafka-sigkill', service: 'kafka', how: 'SIGKILL the broker, restart it at once', downMs: 0, stop: kill('kafka') },
    { name: 'registry-down', service: 'registry', how: `stop the Schema Registry for ${durations.registryDownMs / 1000} s while records with an unseen schema id arrive`, downMs: durations.registryDownMs, stop: stop('registry') },
    { name: 'postgres-fast-shutdown', service: 'postgres', how: `PostgreSQL fast shutdown (SIGINT) under load, down ${durations.postgresDownMs / 1000} s`, downMs: durations.postgresDownMs, stop: stop('postgres') },
    { name: 'neo4j-sigkill', service: 'neo4j', how: 'SIGKILL Neo4j, restart it at once', downMs: 0, stop: kill('neo4j') },
    { name: 'clickhouse-stopped', service: 'clickhouse', how: `stop ClickHouse for ${durations.clickhouseDownMs / 1000} s`, downMs: durations.clickhouseDownMs, stop: stop('clickhouse') },
  ];
}

/** The fault run kills processes by pid file: only the native provider has them. */
export function requireNativeStack(): void {
  const provider = chooseProvider();
  if (provider !== 'native') throw new Error(`the fault run kills and restarts the stack's processes, which only the native provider owns (this stack is ${provider}): run it with SWITCHYARD_STACK=native`);
}

/** Start one service again with the stack's own code, waiting until it answers its client. */
async function restartService(service: string): Promise<void> {
  const found = stackServices.find((s) => s.name === service);
  if (!found) throw new Error(`no stack service named "${service}"`);
  await withLock(path.join(stackDir, 'run', 'stack.lock'), () => nativeUp([found]));
}

/** Outage in ms: from the moment the fault is injected (the signal sent) until the service answers again. */
export async function injectAndRestore(fault: StackFault, hooks: { down?: () => void | Promise<void>; restarting?: () => void }): Promise<{ outageMs: number; endedAt: number }> {
  const startedAt = Date.now();
  await fault.stop();
  // Down time counts from the moment the process is gone: ClickHouse takes seconds to stop under load.
  const goneAt = Date.now();
  await hooks.down?.();
  if (fault.downMs > 0) await sleep(Math.max(0, goneAt + fault.downMs - Date.now()));
  hooks.restarting?.();
  await restartService(fault.service);
  const endedAt = Date.now();
  return { outageMs: endedAt - startedAt, endedAt };
}

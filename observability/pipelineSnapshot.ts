/**
 * The pipeline at one instant, as JSON: what the worker's `GET /pipeline` and the access layer's
 * `GET /v1/pipeline` answer, and what the dashboard's pipeline page draws (it polls and computes
 * throughput from successive totals). Built by `observability/pipeline.ts` from the supervisor's
 * status, the topology and the metrics registry.
 *
 * Only JSON-native types and zod here, nothing of Node: the browser page imports the type with
 * `import type`. The schema is what the access layer checks a worker's answer against before
 * passing it on, so something else listening at the worker's address is said, not relayed.
 */
import { z } from 'zod';

/** A guard's circuit breaker (metrics/topology.ts `switchyard_breaker_state`: 0, 1, 2). */
export type BreakerStateName = 'closed' | 'halfOpen' | 'open';

/**
 * The supervisor's state of a sub-topology (worker/supervisor.ts), or `notRunHere`: the topology
 * has it but this worker does not run it (`--only`), so another process may.
 */
export type SubTopologyRunState = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'notRunHere';

export interface SubTopologySnapshot {
  /** normalize, sink:postgres, …, actuator (worker/selection.ts SUB_TOPOLOGIES). */
  readonly name: string;
  readonly state: SubTopologyRunState;
  /** The last failure's message, null if it never failed. */
  readonly lastError: string | null;
  /** Times the supervisor restarted it after a failure. */
  readonly restarts: number;
  /** Its consumer group. */
  readonly group: string;
  /** Records its group has not committed, summed over its partitions; null until the lag collector measured it. */
  readonly lag: number | null;
  /** Records its source node consumed, since the process started. */
  readonly recordsIn: number;
  /** Records its last nodes wrote to a store or produced to a topic, since the process started. */
  readonly recordsOut: number;
  /** Each guard node with a breaker, and its state. */
  readonly breakers: readonly { readonly node: string; readonly state: BreakerStateName }[];
  /** Records it sent to the dead-letter topic, since the process started. */
  readonly deadLettered: number;
}

export interface PipelineSnapshot {
  /** ISO instant of the snapshot. */
  readonly at: string;
  /** The same text as `switchyard describe --mermaid` (when the worker runs every sub-topology). */
  readonly topology: { readonly mermaid: string };
  /** In the topology's order. */
  readonly subTopologies: readonly SubTopologySnapshot[];
  /** `switchyard_dead_lettered_total` by stage and error class, largest first. */
  readonly deadLettered: readonly { readonly stage: string; readonly errorClass: string; readonly count: number }[];
}

const count = z.number().int().nonnegative();

export const pipelineSnapshotSchema: z.ZodType<PipelineSnapshot> = z.object({
  at: z.iso.datetime(),
  topology: z.object({ mermaid: z.string() }),
  subTopologies: z.array(
    z.object({
      name: z.string(),
      state: z.enum(['starting', 'running', 'restarting', 'stopping', 'stopped', 'notRunHere']),
      lastError: z.string().nullable(),
      restarts: count,
      group: z.string(),
      lag: count.nullable(),
      recordsIn: count,
      recordsOut: count,
      breakers: z.array(z.object({ node: z.string(), state: z.enum(['closed', 'halfOpen', 'open']) })),
      deadLettered: count,
    }),
  ),
  deadLettered: z.array(z.object({ stage: z.string(), errorClass: z.string(), count })),
});

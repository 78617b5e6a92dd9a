import type { BreakerState, Instrumentation, MeteredNode, NodeMeter, WriteOutcome } from '../instrumentation.ts';

/** What one node reported. */
export interface RecordedNode {
  readonly subTopology: string;
  readonly node: MeteredNode;
  recordsIn: number;
  recordsOut: number;
  readonly batchSizes: number[];
  readonly writes: { readonly ms: number; readonly outcome: WriteOutcome; readonly records: number }[];
  readonly breakerStates: BreakerState[];
  readonly deadLetters: { readonly stage: string; readonly errorClass: string }[];
}

export interface RecordingInstrumentation extends Instrumentation {
  /** By node name; a node asked for twice (a restarted sub-topology) keeps one record. */
  readonly nodes: ReadonlyMap<string, RecordedNode>;
  /** The node's record; throws when the node was never metered. */
  get(name: string): RecordedNode;
  /** Each counter's increments, by counter name, in order. */
  readonly counts: ReadonlyMap<string, readonly Readonly<Record<string, string>>[]>;
}

/** An {@link Instrumentation} for tests: keeps everything each node reports, and every count. */
export function recordingInstrumentation(): RecordingInstrumentation {
  const nodes = new Map<string, RecordedNode>();
  const counts = new Map<string, Readonly<Record<string, string>>[]>();
  return {
    nodes,
    counts,
    counter: (name) => {
      const increments = counts.get(name) ?? [];
      counts.set(name, increments);
      return { inc: (labels) => void increments.push({ ...labels }) };
    },
    get: (name) => {
      const found = nodes.get(name);
      if (found === undefined) throw new Error(`node ${name} was not metered (metered: ${[...nodes.keys()].join(', ')})`);
      return found;
    },
    node: (subTopology, node): NodeMeter => {
      let recorded = nodes.get(node.name);
      if (recorded === undefined) {
        recorded = { subTopology, node, recordsIn: 0, recordsOut: 0, batchSizes: [], writes: [], breakerStates: [], deadLetters: [] };
        nodes.set(node.name, recorded);
      }
      const r = recorded;
      return {
        recordsIn: (count) => void (r.recordsIn += count),
        recordsOut: (count) => void (r.recordsOut += count),
        batchSize: (records) => void r.batchSizes.push(records),
        write: (ms, outcome, records) => void r.writes.push({ ms, outcome, records }),
        breakerState: (state) => void r.breakerStates.push(state),
        deadLettered: (stage, errorClass) => void r.deadLetters.push({ stage, errorClass }),
      };
    },
  };
}

import { Observable, type SchedulerLike, asyncScheduler } from 'rxjs';
import { describeMermaid, describeText } from './describe.ts';
import { ErrorCodes, SwitchyardError } from './errors.ts';
import { type FlowControl, noFlowControl } from './flowControl.ts';
import type { ProducerPort } from './kafka/port.ts';
import type { Instrumentation } from './instrumentation.ts';
import { attachMeters } from './instrumentationInternals.ts';
import { BuildContext, type NodeInfo, graphOf, tag } from './nodes.ts';
import type { ConsumedRecord } from './record.ts';

/** What a pipeline gets besides its records: the capabilities, never the Kafka client itself. */
export interface PipelineContext {
  /** The sub-topology's name. */
  readonly name: string;
  /** Shared, idempotent producer for `to` and `deadLetter`. */
  readonly producer: ProducerPort;
  /** Holds back this sub-topology's source (guard passes it on). */
  readonly flow: FlowControl;
  /** Clock of batch waits, retry backoff and commits (virtual in the test driver). */
  readonly scheduler: SchedulerLike;
  /** Meters of the nodes (records in and out, batch sizes, writes, breaker states) and the pipeline's named counters; default none. */
  readonly instrumentation?: Instrumentation;
}

/** Builds a sub-topology's graph from its source; returns its ends (sinks), which the runner subscribes. */
export type Pipeline = (records: Observable<ConsumedRecord>, context: PipelineContext) => Observable<unknown> | readonly Observable<unknown>[];

export interface SubTopologySpec {
  /** Each sub-topology has its own consumer group: its own offsets and failure domain. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Source node name; generated when absent. */
  readonly sourceName?: string;
  readonly fromBeginning?: boolean;
  readonly maxInFlightPerPartition?: number;
  /**
   * Consume-transform-produce exactly once (Kafka transactions): everything the pipeline
   * produces (`to`, `deadLetter`) and the consumed offsets commit atomically. For Kafka-to-Kafka
   * sub-topologies: each commit holds the source until nothing is in flight. A rebalance stops
   * the sub-topology (SWY_REBALANCED, retriable) for its supervisor to restart.
   */
  readonly exactlyOnce?: { readonly transactionalId: string };
  readonly pipeline: Pipeline;
}

export interface SubTopology {
  readonly name: string;
  readonly spec: SubTopologySpec;
  /** The graph as traced when the topology was built, in creation order. */
  readonly nodes: readonly NodeInfo[];
  /** Number of its first generated node name. */
  readonly firstNodeNumber: number;
}

/**
 * Builds a topology of named sub-topologies (Kafka Streams' `StreamsBuilder`). Names of
 * sub-topologies, consumer groups and nodes are checked when `build()` runs, by tracing each
 * pipeline once without subscribing to anything.
 *
 * @example
 * const topology = new TopologyBuilder()
 *   .subTopology('sink:clickhouse', { groupId: 'switchyard.sink.clickhouse', topics: ['eng.events.v1'],
 *     pipeline: (records, { flow, producer }) => records.pipe(batch(), guard(write, { flow }), deadLetter(producer)) })
 *   .build();
 * console.log(topology.describe());
 */
export class TopologyBuilder {
  readonly #specs: { name: string; spec: SubTopologySpec }[] = [];

  subTopology(name: string, spec: SubTopologySpec): this {
    this.#specs.push({ name, spec });
    return this;
  }

  build(): Topology {
    const problems: string[] = [];
    const seen = (what: string, values: string[]) =>
      values.forEach((v, i) => values.indexOf(v) !== i && problems.push(`${what} ${v} is used twice`));
    seen('sub-topology name', this.#specs.map((s) => s.name));
    seen('consumer group', this.#specs.map((s) => s.spec.groupId));
    let number = 0;
    const subTopologies = this.#specs.map(({ name, spec }) => {
      if (spec.topics.length === 0) problems.push(`sub-topology ${name} reads no topic`);
      const { nodes, next } = trace(name, spec, number);
      const sub = { name, spec, nodes, firstNodeNumber: number };
      number = next;
      return sub;
    });
    seen('node name', subTopologies.flatMap((s) => s.nodes.map((n) => n.name)));
    if (problems.length > 0) throw new SwitchyardError(`invalid topology: ${problems.join('; ')}`, ErrorCodes.topology);
    return new Topology(subTopologies);
  }
}

export class Topology {
  readonly subTopologies: readonly SubTopology[];

  constructor(subTopologies: readonly SubTopology[]) {
    this.subTopologies = subTopologies;
  }

  get(name: string): SubTopology {
    const sub = this.subTopologies.find((s) => s.name === name);
    if (sub === undefined) {
      throw new SwitchyardError(`no sub-topology ${name} (have: ${this.subTopologies.map((s) => s.name).join(', ')})`, ErrorCodes.topology);
    }
    return sub;
  }

  /** Like Kafka Streams' `TopologyDescription#toString()`. */
  describe(): string {
    return describeText(this.subTopologies);
  }

  /** A Mermaid flowchart: one subgraph per sub-topology, topics joining them. */
  describeMermaid(): string {
    return describeMermaid(this.subTopologies);
  }

  /** The sub-topology's pipeline wired to a real source; same generated names as at build time. */
  instantiate(name: string, records: Observable<ConsumedRecord>, context: PipelineContext): readonly Observable<unknown>[] {
    const { spec, firstNodeNumber } = this.get(name);
    const { instrumentation } = context;
    const build = new BuildContext({ firstNumber: firstNodeNumber, counting: instrumentation !== undefined });
    const ends = outputs(spec.pipeline(tag(records, sourceNode(build, spec)), context));
    if (instrumentation !== undefined) attachMeters(name, graphOf(ends), instrumentation);
    return ends;
  }
}

function sourceNode(build: BuildContext, spec: SubTopologySpec): NodeInfo {
  return build.node('stream', build.name('source', spec.sourceName), 'source', [], spec.topics);
}

function outputs(result: Observable<unknown> | readonly Observable<unknown>[]): readonly Observable<unknown>[] {
  return Array.isArray(result) ? result : [result as Observable<unknown>];
}

const tracingProducer: ProducerPort = {
  connect: () => Promise.reject(new Error('tracing only: build() never produces')),
  send: () => Promise.reject(new Error('tracing only: build() never produces')),
  transaction: () => Promise.reject(new Error('tracing only: build() never produces')),
  disconnect: () => Promise.resolve(),
};

/** Every node reachable backwards from the pipeline's outputs, in creation order. */
function trace(name: string, spec: SubTopologySpec, first: number): { nodes: NodeInfo[]; next: number } {
  const build = new BuildContext({ firstNumber: first });
  const ends = outputs(spec.pipeline(tag(new Observable<ConsumedRecord>(), sourceNode(build, spec)), { name, producer: tracingProducer, flow: noFlowControl, scheduler: asyncScheduler }));
  return { nodes: graphOf(ends), next: build.nextNumber };
}

/**
 * How a pipeline built from plain RxJS calls can still describe itself: every Switchyard
 * operator tags the Observable it returns with a node (name, kind, parents). `describe()` walks
 * back from a sub-topology's outputs; a foreign operator in between (an rxjs `tap`) is skipped by
 * following RxJS's `source` link.
 *
 * Every node belongs to one {@link BuildContext}: one build of one sub-topology's graph, made by
 * the topology when it traces or instantiates the pipeline. An operator finds the build through
 * the node of the stream it is applied to, so the source node the topology made carries it down
 * the whole graph. No state outside it: two topologies built at once (tests run in parallel, a
 * sub-topology restarts while another is described) cannot number each other's nodes.
 */
import { Observable } from 'rxjs';
import { type Probe, counted, recordsIn } from './instrumentationInternals.ts';

export type NodeRole = 'source' | 'processor' | 'sink';

export interface NodeInfo {
  readonly name: string;
  /** The operator, e.g. mapValues, split, guard. */
  readonly kind: string;
  readonly role: NodeRole;
  readonly parents: readonly NodeInfo[];
  /** Topics read (sources) or written (sinks). */
  readonly topics?: readonly string[];
  /** Creation order: a parent is always created before its children, so this sorts a description. */
  readonly seq: number;
  /** The build it belongs to. */
  readonly build: BuildContext;
}

export interface BuildOptions {
  /**
   * Number of the first generated name. Numbers run across a topology, as in Kafka Streams, so
   * generated names never collide; the topology starts each sub-topology where the one before
   * ended, and at that same number whenever it instantiates it, so it runs under the names it
   * was described with.
   */
  readonly firstNumber?: number;
  /** Whether nodes count what they emit: set when the sub-topology is instantiated with instrumentation. */
  readonly counting?: boolean;
}

/**
 * One build of a sub-topology's graph: numbers generated names, orders the nodes, says whether
 * they count what they emit, and holds their meters once attached (`instrumentationInternals.ts`).
 */
export class BuildContext {
  readonly counting: boolean;
  /** Each node's meter and counting hook, filled in before anything is subscribed. */
  readonly probes = new Map<NodeInfo, Probe>();
  #nextNumber: number;
  #created = 0;

  constructor(options: BuildOptions = {}) {
    this.#nextNumber = options.firstNumber ?? 0;
    this.counting = options.counting ?? false;
  }

  /** The number the next generated name would get: where the following sub-topology starts. */
  get nextNumber(): number {
    return this.#nextNumber;
  }

  /** `given`, checked, or a name generated like Kafka Streams' `KSTREAM-MAPVALUES-0000000003`. */
  name(kind: string, given: string | undefined): string {
    if (given === undefined) return `${kind.toUpperCase()}-${String(this.#nextNumber++).padStart(10, '0')}`;
    if (given.trim() === '') throw new RangeError(`a ${kind} node name must not be empty`);
    return given;
  }

  node(kind: string, name: string, role: NodeRole, parents: readonly NodeInfo[], topics?: readonly string[]): NodeInfo {
    const seq = this.#created++;
    return topics === undefined ? { name, kind, role, parents, seq, build: this } : { name, kind, role, parents, topics, seq, build: this };
  }
}

/** An Observable that is a node's output: the mark `describe()` and the builds follow. */
class Tagged<T> extends Observable<T> {
  readonly node: NodeInfo;

  constructor(node: NodeInfo, output: Observable<T>) {
    // A Subscriber handed to `subscribe` is used as it is: no extra link per record.
    super((subscriber) => output.subscribe(subscriber));
    this.node = node;
  }
}

/** The node an Observable was produced by, looking through foreign operators. */
export function nodeOf(observable: Observable<unknown>): NodeInfo | undefined {
  let current: unknown = observable;
  for (let depth = 0; depth < 1000 && current instanceof Observable; depth++) {
    if (current instanceof Tagged) return current.node;
    current = (current as { source?: unknown }).source;
  }
  return undefined;
}

/**
 * `observable` marked as `node`'s output. In a counting build it also counts what the node emits
 * (`count` records per value; default a batch its length, else one), so use the Observable it
 * returns.
 */
export function tag<T>(observable: Observable<T>, node: NodeInfo, count: (value: T) => number = recordsIn): Observable<T> {
  return new Tagged(node, node.build.counting ? counted(observable, node, count) : observable);
}

/**
 * A node for an operator applied to `sources`, in their build. Streams that come from no build
 * (an operator spec's `from([…])`, a timer merged in) start a build of their own, numbered from 0.
 */
export function nodeFor(kind: string, given: string | undefined, role: NodeRole, sources: readonly Observable<unknown>[], topics?: readonly string[]): NodeInfo {
  const parents = sources.flatMap((s) => nodeOf(s) ?? []);
  const build = parents[0]?.build ?? new BuildContext();
  return build.node(kind, build.name(kind, given), role, parents, topics);
}

/** Every node reachable backwards from `ends`, in creation order. */
export function graphOf(ends: readonly Observable<unknown>[]): NodeInfo[] {
  const found = new Set<NodeInfo>();
  const visit = (node: NodeInfo | undefined) => {
    if (node === undefined || found.has(node)) return;
    found.add(node);
    node.parents.forEach(visit);
  };
  ends.forEach((end) => visit(nodeOf(end)));
  return [...found].sort((a, b) => a.seq - b.seq);
}

/**
 * How a pipeline built from plain RxJS calls can still describe itself: every Switchyard
 * operator tags the Observable it returns with a node (name, kind, parents). `describe()` walks
 * back from a sub-topology's outputs; a foreign operator in between (an rxjs `tap`) is skipped by
 * following RxJS's `source` link. Names are given or generated from a kind prefix, numbered per
 * sub-topology so a description is stable enough to snapshot.
 */
import type { Observable } from 'rxjs';
import { counted, recordsIn } from './instrumentationInternals.ts';

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
}

const nodes = new WeakMap<object, NodeInfo>();
let counter = 0;
let created = 0;
/** Set while an instrumented sub-topology is instantiated: `tag` then counts what nodes emit. */
let counting = false;

/** The node an Observable was produced by, looking through foreign operators. */
export function nodeOf(observable: Observable<unknown>): NodeInfo | undefined {
  let current: unknown = observable;
  for (let depth = 0; depth < 1000 && typeof current === 'object' && current !== null; depth++) {
    const node = nodes.get(current);
    if (node !== undefined) return node;
    current = (current as { source?: unknown }).source;
  }
  return undefined;
}

/**
 * Marks `observable` as `node`'s output. While an instrumented sub-topology is instantiated
 * ({@link withCounting}) it returns a wrapper that counts what the node emits (`count` records
 * per value; default a batch its length, else one), so use the Observable it returns.
 */
export function tag<T>(observable: Observable<T>, node: NodeInfo, count: (value: T) => number = recordsIn): Observable<T> {
  const result = counting ? counted(observable, node, count) : observable;
  nodes.set(result, node);
  return result;
}

/** Run a pipeline builder so that its nodes count what they emit (see `instrumentation.ts`). */
export function withCounting<T>(build: () => T): T {
  const saved = counting;
  counting = true;
  try {
    return build();
  } finally {
    counting = saved;
  }
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

/** A node for an operator applied to `sources`. */
export function nodeFor(kind: string, name: string, role: NodeRole, sources: readonly Observable<unknown>[], topics?: readonly string[]): NodeInfo {
  return makeNode(kind, name, role, sources.flatMap((s) => nodeOf(s) ?? []), topics);
}

export function makeNode(kind: string, name: string, role: NodeRole, parents: readonly NodeInfo[], topics?: readonly string[]): NodeInfo {
  const seq = created++;
  return topics === undefined ? { name, kind, role, parents, seq } : { name, kind, role, parents, topics, seq };
}

/** The given name, or one generated like Kafka Streams' `KSTREAM-MAPVALUES-0000000003`. */
export function nodeName(kind: string, given: string | undefined): string {
  if (given !== undefined) {
    if (given.trim() === '') throw new RangeError(`a ${kind} node name must not be empty`);
    return given;
  }
  return `${kind.toUpperCase()}-${String(counter++).padStart(10, '0')}`;
}

/**
 * Run a pipeline builder with generated names numbered from `first`, so a description is stable
 * and a sub-topology gets the same names when it runs as when it was built. Returns the next
 * free number, where the following sub-topology starts (numbers run across the topology, as in
 * Kafka Streams, so generated names never collide).
 */
export function withNodeNumbering<T>(first: number, build: () => T): { result: T; next: number } {
  const saved = counter;
  counter = first;
  try {
    const result = build();
    return { result, next: counter };
  } finally {
    counter = saved;
  }
}

/**
 * How the operators reach their meters (see `instrumentation.ts`): `Topology.instantiate` gives
 * every node of the built graph its meter, and wires "records out of a node" to "records in of
 * each child", once, before anything is subscribed. The meters live in the node's build
 * (`nodes.ts`). Operators look their meter up when they are subscribed, never per record.
 */
import { Observable, Subscriber } from 'rxjs';
import { type Instrumentation, type NodeMeter, noMeter } from './instrumentation.ts';
import type { NodeInfo } from './nodes.ts';

export interface Probe {
  readonly meter: NodeMeter;
  /** `count` records left the node: its records out, and each child's records in. */
  readonly out: (count: number) => void;
}

/** The node's meter in the running sub-topology; {@link noMeter} when it is not instrumented. */
export function meterOf(node: NodeInfo): NodeMeter {
  return node.build.probes.get(node)?.meter ?? noMeter;
}

/**
 * Gives each node its meter. A child's records in are its parents' records out, except below a
 * router (`split`, `fanOut`), whose branches each get only what is routed to them: the router
 * counts those itself. A source's records in are what it consumed, i.e. its records out.
 */
export function attachMeters(subTopology: string, nodes: readonly NodeInfo[], instrumentation: Instrumentation): void {
  const meters = new Map<NodeInfo, NodeMeter>(nodes.map((n) => [n, instrumentation.node(subTopology, { name: n.name, kind: n.kind, role: n.role })]));
  const children = new Map<NodeInfo, NodeMeter[]>(nodes.map((n) => [n, []]));
  for (const node of nodes) for (const parent of node.parents) children.get(parent)?.push(meters.get(node) ?? noMeter);
  for (const node of nodes) {
    const meter = meters.get(node) ?? noMeter;
    const ins = node.role === 'source' ? [meter, ...(children.get(node) ?? [])] : (children.get(node) ?? []);
    const only = ins.length === 1 ? ins[0] : undefined;
    const out =
      only !== undefined
        ? (count: number) => {
            meter.recordsOut(count);
            only.recordsIn(count);
          }
        : (count: number) => {
            meter.recordsOut(count);
            for (const child of ins) child.recordsIn(count);
          };
    node.build.probes.set(node, { meter, out });
  }
}

/** How many records one emitted value stands for: a batch its length, anything else one. */
export function recordsIn(value: unknown): number {
  return Array.isArray(value) ? value.length : 1;
}

/**
 * `observable`, counting what it emits as `node`'s records out. Emissions are counted before
 * they are passed on, so a child never shows more records in than its parent sent.
 */
export function counted<T>(observable: Observable<T>, node: NodeInfo, count: (value: T) => number): Observable<T> {
  return new Observable<T>((subscriber) => {
    const probe = node.build.probes.get(node);
    return probe === undefined ? observable.subscribe(subscriber) : observable.subscribe(new CountingSubscriber(subscriber, probe.out, count));
  });
}

/**
 * One link on the hot path, no more: a Subscriber handed to `subscribe` is used as it is, where
 * an observer object would be wrapped twice (RxJS's own operators subclass Subscriber the same
 * way).
 */
class CountingSubscriber<T> extends Subscriber<T> {
  readonly out: (count: number) => void;
  readonly count: (value: T) => number;

  constructor(destination: Subscriber<T>, out: (count: number) => void, count: (value: T) => number) {
    super(destination);
    this.out = out;
    this.count = count;
  }

  protected override _next(value: T): void {
    this.out(this.count(value));
    this.destination.next(value);
  }
}

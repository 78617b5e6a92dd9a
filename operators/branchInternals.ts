/**
 * The routing {@link split}, {@link fanOut} and {@link decode} share: a router node whose named
 * outputs are fed by one subscription to its input, each output a `branch` node of its own.
 */
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { ProcessingError } from './errors.ts';
import { noMeter } from './instrumentation.ts';
import { meterOf } from './instrumentationInternals.ts';
import { type NodeInfo, nodeFor, tag } from './nodes.ts';
import type { StreamRecord } from './record.ts';

/**
 * A named branch and the records it takes. When the predicate is a type guard (`value is W`),
 * the branch's records have values of type `W`: `branch('jira', isJira)` needs no cast after.
 */
export interface Branch<N extends string, K, V, W extends V = V> {
  readonly name: N;
  readonly predicate: (value: V, record: StreamRecord<K, V>) => value is W;
}

/** A named branch, like Kafka Streams' `Branched.as(name)` with its predicate. */
export function branch<const N extends string, K, V, W extends V>(name: N, predicate: (value: V, record: StreamRecord<K, V>) => value is W): Branch<N, K, V, W>;
export function branch<const N extends string, K, V>(name: N, predicate: (value: V, record: StreamRecord<K, V>) => boolean): Branch<N, K, V>;
export function branch<const N extends string, K, V>(name: N, predicate: (value: V, record: StreamRecord<K, V>) => boolean): Branch<N, K, V> {
  // A plain predicate narrows nothing: its branch keeps V, which every value is.
  return { name, predicate: predicate as (value: V, record: StreamRecord<K, V>) => value is V };
}

export interface BranchOptions<K, V, B extends readonly AnyBranch<K, V>[], D extends string> {
  /** Node name; branch nodes are named `<name>-<branch>`. */
  readonly name?: string;
  readonly branches: B;
  /** Where records no branch takes go; without one they are finished at once. */
  readonly defaultBranch?: D;
}

/** A branch of any narrowing, as the routers take them (each branch's W is its own: `any` lets one list hold them all). */
export type AnyBranch<K, V> = Branch<string, K, V, any>;

/** The values a branch takes: its type guard's W (`any` for K and V: a predicate's parameters accept only its own). */
type ValueOf<B> = B extends Branch<string, any, any, infer W> ? W : never;

/** One Observable per branch, its values narrowed by the branch's type guard, and the default branch's. */
export type Branches<B extends AnyBranch<K, V>, D extends string, K, V> = { readonly [X in B as X['name']]: Observable<StreamRecord<K, ValueOf<X>>> } & {
  readonly [P in D]: Observable<StreamRecord<K, V>>;
};

/** What a router's feed delivers to: one output, or every output at its end. */
export interface Outlets<O> {
  next<P extends keyof O & string>(output: P, value: O[P]): void;
  error(error: unknown): void;
  complete(): void;
}

/**
 * The outputs of router `node`: one Observable per name, each tagged as a `branch` node named
 * `<node>-<output>`, all fed by the one subscription `feed` makes. Every output must be
 * subscribed before `feed` runs (a record routed to an output nobody listens to yet would be
 * lost); the last one to leave ends it. The router counts its records out and each output's
 * records in itself: an output gets only what is routed to it.
 */
export function outlets<O extends Record<string, unknown>>(
  node: NodeInfo,
  names: readonly (keyof O & string)[],
  feed: (outlets: Outlets<O>) => Subscription,
): { readonly [P in keyof O]: Observable<O[P]> } {
  const subscribers = new Map<string, Subscriber<unknown>>();
  const outputNodes = new Map(names.map((output) => [output, node.build.node('branch', `${node.name}-${output}`, 'processor', [node])]));
  let connection: Subscription | undefined;
  const all = () => [...subscribers.values()];

  const connect = () => {
    const meter = meterOf(node);
    const outputMeters = new Map([...outputNodes].map(([output, outputNode]) => [output, meterOf(outputNode)]));
    const count =
      meter === noMeter
        ? undefined
        : (output: string) => {
            meter.recordsOut(1);
            outputMeters.get(output)?.recordsIn(1);
          };
    connection = feed({
      next: (output, value) => {
        count?.(output);
        subscribers.get(output)?.next(value);
      },
      error: (error) => all().forEach((s) => s.error(error)),
      complete: () => all().forEach((s) => s.complete()),
    });
  };

  const outputs: Record<string, Observable<unknown>> = {};
  for (const [output, outputNode] of outputNodes) {
    const observable = new Observable<unknown>((subscriber) => {
      if (subscribers.has(output)) {
        subscriber.error(new Error(`${node.kind} ${node.name}: output ${output} already has a subscriber`));
        return;
      }
      subscribers.set(output, subscriber);
      if (connection === undefined && subscribers.size === names.length) connect();
      return () => {
        subscribers.delete(output);
        if (subscribers.size === 0) connection?.unsubscribe();
      };
    });
    outputs[output] = tag(observable, outputNode);
  }
  return outputs as { readonly [P in keyof O]: Observable<O[P]> };
}

/** Routes each record to the branches `choose` names, forking its ack once per branch. */
export function route<K, V>(
  kind: string,
  source: Observable<StreamRecord<K, V>>,
  options: BranchOptions<K, V, readonly AnyBranch<K, V>[], string>,
  choose: (record: StreamRecord<K, V>) => readonly string[],
): Readonly<Record<string, Observable<StreamRecord<K, V>>>> {
  const node = nodeFor(kind, options.name, 'processor', [source]);
  const { name } = node;
  const names = [...options.branches.map((b) => b.name), ...(options.defaultBranch === undefined ? [] : [options.defaultBranch])];
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new RangeError(`${kind} ${name}: branch ${duplicate} is named twice`);
  if (names.length === 0) throw new RangeError(`${kind} ${name}: needs at least one branch`);

  return outlets<Record<string, StreamRecord<K, V>>>(node, names, (to) =>
    source.subscribe({
      next: (record) => {
        let targets: readonly string[];
        try {
          targets = choose(record);
        } catch (cause) {
          record.ack.abandon();
          to.error(new ProcessingError(name, record, cause));
          return;
        }
        if (targets.length === 0) return record.ack.done();
        record.ack.fork(targets.length);
        // A branch unsubscribed early leaves its path open on purpose: never commit past it.
        for (const target of targets) to.next(target, record);
      },
      error: (error: unknown) => to.error(error),
      complete: () => to.complete(),
    }),
  );
}

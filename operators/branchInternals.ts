/**
 * The routing both {@link split} and {@link fanOut} share: one subscription to the source, each
 * record's targets chosen once, the ack forked once per target.
 */
import { Observable, type Subscriber, type Subscription } from 'rxjs';
import { ProcessingError } from './errors.ts';
import { noMeter } from './instrumentation.ts';
import { meterOf } from './instrumentationInternals.ts';
import { type NodeInfo, makeNode, nodeFor, nodeName, tag } from './nodes.ts';
import type { StreamRecord } from './record.ts';

export interface Branch<N extends string, K, V> {
  readonly name: N;
  readonly predicate: (value: V, record: StreamRecord<K, V>) => boolean;
}

/** A named branch, like Kafka Streams' `Branched.as(name)` with its predicate. */
export function branch<const N extends string, K, V>(name: N, predicate: (value: V, record: StreamRecord<K, V>) => boolean): Branch<N, K, V> {
  return { name, predicate };
}

export interface BranchOptions<K, V, B extends readonly Branch<string, K, V>[], D extends string> {
  /** Node name; branch nodes are named `<name>-<branch>`. */
  readonly name?: string;
  readonly branches: B;
  /** Where records no branch takes go; without one they are finished at once. */
  readonly defaultBranch?: D;
}

export type Branches<N extends string, K, V> = { readonly [P in N]: Observable<StreamRecord<K, V>> };

export function route<K, V, N extends string>(
  kind: string,
  source: Observable<StreamRecord<K, V>>,
  options: BranchOptions<K, V, readonly Branch<string, K, V>[], string>,
  choose: (record: StreamRecord<K, V>) => readonly string[],
): Branches<N, K, V> {
  const name = nodeName(kind, options.name);
  const names = [...options.branches.map((b) => b.name), ...(options.defaultBranch === undefined ? [] : [options.defaultBranch])];
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new RangeError(`${kind} ${name}: branch ${duplicate} is named twice`);
  if (names.length === 0) throw new RangeError(`${kind} ${name}: needs at least one branch`);

  const node = nodeFor(kind, name, 'processor', [source]);
  const subscribers = new Map<string, Subscriber<StreamRecord<K, V>>>();
  let connection: Subscription | undefined;
  const all = () => [...subscribers.values()];

  const branchNodes = new Map<string, NodeInfo>();
  const connect = () => {
    // The router's branches each get only what is routed to them: it counts their records in.
    const meter = meterOf(node);
    const branchMeters = new Map([...branchNodes].map(([branchName, branchNode]) => [branchName, meterOf(branchNode)]));
    const countRouted =
      meter === noMeter
        ? undefined
        : (targets: readonly string[]) => {
            meter.recordsOut(targets.length);
            for (const target of targets) branchMeters.get(target)?.recordsIn(1);
          };
    connection = source.subscribe({
      next: (record) => {
        let targets: readonly string[];
        try {
          targets = choose(record);
        } catch (cause) {
          record.ack.abandon();
          const error = new ProcessingError(name, record, cause);
          all().forEach((s) => s.error(error));
          return;
        }
        if (targets.length === 0) return record.ack.done();
        countRouted?.(targets);
        record.ack.fork(targets.length);
        // A branch unsubscribed early leaves its path open on purpose: never commit past it.
        for (const target of targets) subscribers.get(target)?.next(record);
      },
      error: (error: unknown) => all().forEach((s) => s.error(error)),
      complete: () => all().forEach((s) => s.complete()),
    });
  };

  const branches: Record<string, Observable<StreamRecord<K, V>>> = {};
  for (const branchName of names) {
    const observable = new Observable<StreamRecord<K, V>>((subscriber) => {
      if (subscribers.has(branchName)) {
        subscriber.error(new Error(`${kind} ${name}: branch ${branchName} already has a subscriber`));
        return;
      }
      subscribers.set(branchName, subscriber);
      // Connect only once every branch listens: a record routed to a branch nobody listens to yet would be lost.
      if (connection === undefined && subscribers.size === names.length) connect();
      return () => {
        subscribers.delete(branchName);
        if (subscribers.size === 0) connection?.unsubscribe();
      };
    });
    const branchNode = makeNode('branch', `${name}-${branchName}`, 'processor', [node]);
    branchNodes.set(branchName, branchNode);
    branches[branchName] = tag(observable, branchNode);
  }
  return branches as Branches<N, K, V>;
}

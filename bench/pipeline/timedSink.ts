/**
 * Bench-only: a `Sink` that delegates every call to the real one and notes, per store, when its
 * writes started and resolved and how many events they carried — and, while `perEvent` is on,
 * when each event's write resolved (first time only: a redelivered event keeps its first time).
 * A write that throws is not counted; the guard retries it and the retry is.
 *
 * `runWorker({ wrapSink: (sink) => timings.wrap(sink) })` puts it between the worker's guard and
 * the store, so the times are what the sub-topology saw, retries and all.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Sink } from '../../sinks/sink.ts';
import type { Store } from '../../sinks/registry.ts';

export interface StoreWrites {
  /** Events in writes that resolved. */
  events: number;
  /** performance.now() when the first write began, and when the last one resolved. */
  firstStart: number;
  lastEnd: number;
}

export interface EventWrite {
  readonly store: Store;
  readonly deliveryId: string;
  /** performance.now() when the write carrying it resolved. */
  readonly at: number;
}

export class SinkTimings {
  readonly stores = new Map<Store, StoreWrites>();
  /** Filled while `perEvent` is true, keyed `store|eventId`. */
  readonly events = new Map<string, EventWrite>();
  perEvent = false;

  /** Starts a new measurement: counts and windows from zero. */
  reset(): void {
    this.stores.clear();
    this.events.clear();
  }

  writes(store: Store): StoreWrites {
    let writes = this.stores.get(store);
    if (writes === undefined) this.stores.set(store, (writes = { events: 0, firstStart: 0, lastEnd: 0 }));
    return writes;
  }

  wrap(sink: Sink): Sink {
    const timed: Sink = {
      store: sink.store,
      init: () => sink.init(),
      health: () => sink.health(),
      close: () => sink.close(),
      write: async (events: readonly EngEvent[]) => {
        const started = performance.now();
        await sink.write(events);
        const at = performance.now();
        const writes = this.writes(sink.store);
        if (writes.firstStart === 0) writes.firstStart = started;
        writes.lastEnd = at;
        writes.events += events.length;
        if (this.perEvent) {
          for (const event of events) {
            const key = `${sink.store}|${event.eventId}`;
            if (!this.events.has(key)) this.events.set(key, { store: sink.store, deliveryId: event.deliveryId, at });
          }
        }
      },
    };
    if (sink.summary !== undefined) {
      const summary = sink.summary.bind(sink);
      return { ...timed, summary: () => summary() };
    }
    return timed;
  }
}

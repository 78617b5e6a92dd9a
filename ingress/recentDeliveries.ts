/**
 * The delivery ids the ingress produced lately, so a redelivery (GitHub's "Redeliver", Jira's
 * and Notion's retries, a replayed request) is answered 200 without a second record. Kept only
 * once Kafka acknowledged: a delivery answered 503 is produced when it comes again, unless its
 * send was acknowledged after all, late (`remember`).
 *
 * An optimisation, not the guarantee: it is per process and bounded (an LRU of `capacity` ids,
 * lru-cache, the npm ecosystem's maintained LRU with O(1) updates). What makes a duplicate
 * harmless is downstream: event ids are derived from the events, and every store upserts on them
 * (ingress/README.md, "Duplicates").
 *
 * Two copies of one delivery arriving together: the second waits for the first and shares its
 * outcome (a duplicate if it was produced, the same refusal if not), so neither waits longer
 * than one produce.
 */
import { LRUCache } from 'lru-cache';

export type Once = 'produced' | 'duplicate';

export interface RecentDeliveries {
  /** Runs `produce` unless `id` was produced lately or is being produced; rejects as `produce` does. */
  once(id: string, produce: () => Promise<void>): Promise<Once>;
  /** `id` was produced after all (an acknowledgement that came after its delivery was refused). */
  remember(id: string): void;
}

export function recentDeliveries(capacity: number): RecentDeliveries {
  const done = capacity > 0 ? new LRUCache<string, true>({ max: capacity }) : undefined;
  const producing = new Map<string, Promise<void>>();
  return {
    async once(id, produce) {
      if (done?.has(id)) return 'duplicate';
      const first = producing.get(id);
      if (first !== undefined) {
        await first;
        return 'duplicate';
      }
      const attempt = produce();
      producing.set(id, attempt);
      try {
        await attempt;
        done?.set(id, true);
        return 'produced';
      } finally {
        producing.delete(id);
      }
    },
    remember(id) {
      done?.set(id, true);
    },
  };
}

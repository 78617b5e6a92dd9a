/**
 * The delivery ids the ingress produced lately, so a redelivery (GitHub's "Redeliver", Jira's
 * and Notion's retries, a replayed request) is answered 200 without a second record. Kept only
 * once Kafka acknowledged: a delivery answered 503 is produced when it comes again.
 *
 * An optimisation, not the guarantee: it is per process and bounded (an LRU of `capacity` ids,
 * lru-cache, the npm ecosystem's maintained LRU with O(1) updates). What makes a duplicate
 * harmless is downstream: every event id is derived from the event itself, never from the
 * delivery, and every store upserts on it (ingress/README.md, "Duplicates").
 *
 * Two copies of one delivery arriving together: the second waits for the first and is a
 * duplicate if it succeeded, or tries itself if it failed.
 */
import { LRUCache } from 'lru-cache';

export type Once = 'produced' | 'duplicate';

export interface RecentDeliveries {
  /** Runs `produce` unless `id` was produced lately or is being produced; rejects as `produce` does. */
  once(id: string, produce: () => Promise<void>): Promise<Once>;
}

export function recentDeliveries(capacity: number): RecentDeliveries {
  const done = capacity > 0 ? new LRUCache<string, true>({ max: capacity }) : undefined;
  const producing = new Map<string, Promise<void>>();
  const once = async (id: string, produce: () => Promise<void>): Promise<Once> => {
    if (done?.has(id)) return 'duplicate';
    const first = producing.get(id);
    if (first !== undefined) {
      const succeeded = await first.then(() => true, () => false);
      return succeeded ? 'duplicate' : once(id, produce);
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
  };
  return { once };
}

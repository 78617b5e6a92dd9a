/**
 * A store for integration tests of delivery: it records every write per key, so a test can
 * tell lost records, duplicates (at-least-once) and order within a key apart.
 */
export interface KeyedEvent {
  readonly key: string;
  readonly seq: number;
}

export class KeyedStore {
  readonly #writes = new Map<string, number[]>();
  writes = 0;

  write(events: readonly KeyedEvent[]): void {
    for (const { key, seq } of events) {
      const list = this.#writes.get(key) ?? [];
      list.push(seq);
      this.#writes.set(key, list);
      this.writes += 1;
    }
  }

  /** Distinct (key, seq) pairs written. */
  get distinct(): number {
    let total = 0;
    for (const list of this.#writes.values()) total += new Set(list).size;
    return total;
  }

  get duplicates(): number {
    return this.writes - this.distinct;
  }

  /**
   * Keys whose writes, replays aside, are not 0, 1, 2, … in order. A replay after a failure
   * may write a prefix again (at-least-once); a record never lands before one that preceded it.
   */
  outOfOrder(expected: ReadonlyMap<string, number>): string[] {
    const bad: string[] = [];
    for (const [key, count] of expected) {
      let next = 0;
      for (const seq of this.#writes.get(key) ?? []) {
        if (seq === next) next += 1;
        else if (seq > next) {
          bad.push(`${key}: ${seq} before ${next}`);
          break;
        }
      }
      if (next !== count && !bad.some((b) => b.startsWith(`${key}:`))) bad.push(`${key}: ${next} of ${count} written`);
    }
    return bad;
  }
}

/** `count` events over `keys` keys, each key numbered from 0. */
export function keyedEvents(count: number, keys: number): KeyedEvent[] {
  const next = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const key = `k${i % keys}`;
    const seq = next.get(key) ?? 0;
    next.set(key, seq + 1);
    return { key, seq };
  });
}

export function countsByKey(events: readonly KeyedEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { key } of events) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

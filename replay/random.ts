/**
 * Seeded randomness for the synthetic generator: a small fast PRNG (mulberry32) and hashes for
 * ids. Every webhook draws from its own generator, seeded from (seed, index), so webhook `i` is
 * the same whatever came before it: a generator started at `firstIndex` continues a run exactly.
 */
import { createHash } from 'node:crypto';

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** A 32-bit hash of the parts (FNV-1a over their text): the seed of one webhook's generator. */
export function hash32(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    h ^= char.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)]!;
    },
    chance: (probability) => next() < probability,
  };
}

/** A 40-hex-digit id (a git sha's shape) from the parts: distinct parts, distinct ids. */
export function hexId(...parts: readonly (string | number)[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

/** A UUID-shaped id (Notion's ids) from the parts. */
export function uuidId(...parts: readonly (string | number)[]): string {
  const hex = hexId(...parts);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

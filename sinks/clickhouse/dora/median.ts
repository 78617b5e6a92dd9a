/**
 * The two medians the DORA figures offer.
 *
 * - `devlake` (the default): the largest value whose percent rank is at most 0.5, which is how
 *   DevLake's Grafana dashboards take every DORA median (`percent_rank() over (order by x)`, then
 *   `max(x) where rank <= 0.5`). Percent rank is (rank − 1) / (n − 1), so this is the lower of the
 *   two middle values when the count is even, and always a value that occurred.
 * - `midpoint`: the textbook median, the mean of the two middle values when the count is even.
 *
 * Why `devlake` is the default: the figures claim DevLake's definitions, and a user comparing our
 * dashboard with DevLake's on the same history should see the same number.
 */
export type MedianRule = 'devlake' | 'midpoint';

/** The median of `values` under `rule`; null for no values. Does not modify `values`. */
export function median(values: readonly number[], rule: MedianRule): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const lower = sorted[Math.floor((sorted.length - 1) / 2)]!;
  if (rule === 'devlake' || sorted.length % 2 === 1) return lower;
  return (lower + sorted[sorted.length / 2]!) / 2;
}

export interface DurationStats {
  /** How many durations the statistics are over. */
  readonly count: number;
  /** In milliseconds; null when count is 0. */
  readonly medianMs: number | null;
  readonly meanMs: number | null;
}

export function durationStats(durations: readonly number[], rule: MedianRule): DurationStats {
  const count = durations.length;
  return { count, medianMs: median(durations, rule), meanMs: count === 0 ? null : durations.reduce((a, b) => a + b, 0) / count };
}

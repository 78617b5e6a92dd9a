/**
 * The q-th percentile of `values` by nearest rank (the smallest value with at least q % of the
 * values at or below it): always a value that was measured, never an interpolation. NaN when
 * there are none, so an empty measurement cannot pass for a fast one.
 */
export function percentile(values: readonly number[], q: number): number {
  if (!(q > 0 && q <= 100)) throw new Error(`percentile: q must be in (0, 100], got ${q}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((q / 100) * sorted.length) - 1]!;
}

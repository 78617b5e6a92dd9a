import { describe, expect, it } from 'vitest';
import { durationStats, median } from './median.ts';

// DevLake's dashboards: `percent_rank() over (order by x) as ranks … max(x) where ranks <= 0.5`
// (grafana/dashboards/DORA.json, "Median Lead Time for Changes"). Percent rank = (rank − 1) / (n − 1).
describe('median', () => {
  it('odd counts: both rules give the middle value', () => {
    // ranks of 1, 5, 9: 0, 0.5, 1 → the largest with rank ≤ 0.5 is 5.
    expect(median([9, 1, 5], 'devlake')).toBe(5);
    expect(median([9, 1, 5], 'midpoint')).toBe(5);
  });

  it('even counts: DevLake takes the lower middle value, midpoint their mean', () => {
    // ranks of 1, 2, 4, 10: 0, 1/3, 2/3, 1 → largest with rank ≤ 0.5 is 2.
    expect(median([10, 4, 2, 1], 'devlake')).toBe(2);
    expect(median([10, 4, 2, 1], 'midpoint')).toBe(3);
    // ranks of 3, 7: 0, 1 → 3.
    expect(median([7, 3], 'devlake')).toBe(3);
    expect(median([7, 3], 'midpoint')).toBe(5);
  });

  it('ties keep the value; one value is its own median; none is null', () => {
    // 2, 2, 2, 8: percent_rank gives equal values the rank of the first → 0, 0, 0, 1 → 2.
    expect(median([2, 8, 2, 2], 'devlake')).toBe(2);
    expect(median([4], 'devlake')).toBe(4);
    expect(median([], 'midpoint')).toBeNull();
  });

  it('durationStats counts, takes the median by the rule and the mean', () => {
    expect(durationStats([1, 2, 4, 10], 'devlake')).toEqual({ count: 4, medianMs: 2, meanMs: 4.25 });
    expect(durationStats([], 'devlake')).toEqual({ count: 0, medianMs: null, meanMs: null });
  });
});

/** How the pages write numbers: durations in the unit that reads best, shares as percentages. */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Hours, to two decimals: the unit every duration chart plots. */
export const hours = (ms: number | null): number | null => (ms === null ? null : Math.round((ms / HOUR_MS) * 100) / 100);

/** 45 min, 3.2 h, 2.1 d; an em dash for nothing. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < HOUR_MS) return `${Math.round(ms / MINUTE_MS)} min`;
  if (ms < 2 * DAY_MS) return `${(ms / HOUR_MS).toFixed(1)} h`;
  return `${(ms / DAY_MS).toFixed(1)} d`;
}

export const percent = (share: number | null): string => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

export const count = (n: number): string => n.toLocaleString('en');

/**
 * ISO weeks (Monday to Monday, UTC), the weeks every trend groups by: the catalogue's trend
 * questions, the DORA figures' weekly medians and the dashboard's presets use these, so a week is
 * the same week everywhere. No imports: the dashboard's bundle takes it as it is.
 */

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The most weeks a weekly trend answers (dora_trend's limit; the dashboard asks for no more). */
export const MAX_TREND_WEEKS = 52;

/** Monday 00:00 UTC of the week holding `ms`. */
export function mondayOf(ms: number): number {
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  return dayStart - ((new Date(dayStart).getUTCDay() + 6) % 7) * DAY_MS;
}

/**
 * The page's scope and period, as the URL keeps them (`?project=SHOP&from=2024-01-01&to=2024-04-01`,
 * `to` exclusive, UTC days), so a view can be bookmarked and shared. Presets other than This month
 * pick whole ISO weeks (Monday to Monday, UTC), the weeks the trend questions group by.
 */

import { DAY_MS, MAX_TREND_WEEKS, mondayOf, WEEK_MS } from '../access/isoWeeks.ts';

export { mondayOf };

export interface Range {
  readonly from: number;
  readonly to: number;
}

export const PRESETS = {
  latest: '13 weeks up to the latest event',
  last4: 'Last 4 weeks',
  last13: 'Last 13 weeks',
  month: 'This month (UTC)',
  custom: 'Custom',
} as const;
export type Preset = keyof typeof PRESETS;

/** `weeks` whole weeks, the one holding `ms` last. */
export function weeksUpTo(ms: number, weeks: number): Range {
  const to = mondayOf(ms) + WEEK_MS;
  return { from: to - weeks * WEEK_MS, to };
}

/** The range a preset means now; `latest` needs the project's latest event (none: the last 13 weeks). */
export function presetRange(preset: Exclude<Preset, 'custom'>, now: number, latestEventMs: number | null): Range {
  switch (preset) {
    case 'latest':
      return weeksUpTo(latestEventMs ?? now, 13);
    case 'last4':
      return weeksUpTo(now, 4);
    case 'last13':
      return weeksUpTo(now, 13);
    case 'month': {
      const date = new Date(now);
      return { from: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1), to: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    }
  }
}

/** YYYY-MM-DD (UTC). */
export const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A YYYY-MM-DD the URL or a date input gave, as ms; undefined when it is not a real day (2025-02-30 is not). */
export function parseDay(text: string | null): number | undefined {
  if (text === null || !/^\d{4}-\d\d-\d\d$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || day(ms) !== text ? undefined : ms;
}

/** The last day a range holds, as a person reads "from … through …" (the range's `to` is the day after). */
export const lastDay = (range: Range): string => day(range.to - DAY_MS);

/** The range from the first day through the last, both as a date input gives them. */
export function rangeThrough(from: string, through: string): Range | undefined {
  const start = parseDay(from);
  const last = parseDay(through);
  return start !== undefined && last !== undefined && last >= start ? { from: start, to: last + DAY_MS } : undefined;
}

export interface ViewState {
  readonly project: string | undefined;
  readonly preset: Preset | undefined;
  readonly range: Range | undefined;
}

/** What the URL asks for; a range with `to` not after `from` is no range. */
export function readView(search: string): ViewState {
  const params = new URLSearchParams(search);
  const from = parseDay(params.get('from'));
  const to = parseDay(params.get('to'));
  const preset = params.get('preset');
  const project = params.get('project')?.trim();
  return {
    project: project === undefined || project === '' ? undefined : project,
    preset: preset !== null && Object.hasOwn(PRESETS, preset) ? (preset as Preset) : undefined,
    range: from !== undefined && to !== undefined && to > from ? { from, to } : undefined,
  };
}

/** The URL of a view: a preset by name (so a bookmark of "Last 4 weeks" means the last 4 weeks when opened), a custom range by its days. */
export function writeView(project: string, preset: Preset, range: Range): string {
  const dates = preset === 'custom' ? { from: day(range.from), to: day(range.to) } : {};
  return `?${new URLSearchParams({ project, preset, ...dates }).toString()}`;
}

/** The catalogue's `period` input for a range. */
export function periodInput(range: Range): { from: string; to: string } {
  return { from: day(range.from), to: day(range.to) };
}

/** The range's last `MAX_TREND_WEEKS` weeks at most: what a weekly trend of it can show. */
export function trendRange(range: Range): Range {
  const to = mondayOf(range.to - 1) + WEEK_MS;
  return weeksIn(range) <= MAX_TREND_WEEKS ? range : { from: to - MAX_TREND_WEEKS * WEEK_MS, to: range.to };
}

/** How many whole weeks a range spans (the trend asks for the weeks covering it). */
export function weeksIn(range: Range): number {
  return Math.ceil((mondayOf(range.to - 1) + WEEK_MS - mondayOf(range.from)) / WEEK_MS);
}

import { describe, expect, it } from 'vitest';
import { lastDay, mondayOf, parseDay, periodInput, presetRange, rangeThrough, readView, trendRange, weeksIn, weeksUpTo, writeView } from './period.ts';

const at = (iso: string) => Date.parse(iso);

describe('the page period', () => {
  it('finds Monday 00:00 UTC of a week, Sunday night included', () => {
    expect(new Date(mondayOf(at('2025-03-09T23:59:59Z'))).toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect(new Date(mondayOf(at('2025-03-10T00:00:00Z'))).toISOString()).toBe('2025-03-10T00:00:00.000Z');
  });

  it('takes whole weeks up to the one holding an instant', () => {
    expect(periodInput(weeksUpTo(at('2025-03-12T10:00:00Z'), 2))).toEqual({ from: '2025-03-03', to: '2025-03-17' });
  });

  it('defaults "latest" to 13 weeks up to the latest event, and to now without one', () => {
    const now = at('2026-12-05T12:00:00Z');
    expect(periodInput(presetRange('latest', now, at('2019-05-15T00:00:00Z')))).toEqual({ from: '2019-02-18', to: '2019-05-20' });
    expect(presetRange('latest', now, null)).toEqual(presetRange('last13', now, null));
    expect(periodInput(presetRange('month', now, null))).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });

  it('reads back what it writes, and ignores a range that ends before it starts or is not a date', () => {
    const range = { from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') };
    expect(readView(writeView('SHOP', 'custom', range))).toEqual({ project: 'SHOP', preset: 'custom', range });
    expect(readView('?project=X&from=2025-04-01&to=2025-03-01').range).toBeUndefined();
    expect(readView('?from=2025-13-45&to=2025-03-01&preset=nonsense')).toEqual({ project: undefined, preset: undefined, range: undefined });
  });

  it('reads only real days, and a range through a last day as ending the day after', () => {
    expect(parseDay('2025-02-30')).toBeUndefined();
    expect(parseDay('2024-02-29')).toBe(at('2024-02-29T00:00:00Z'));
    expect(rangeThrough('2025-03-01', '2025-03-31')).toEqual({ from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') });
    expect(rangeThrough('2025-03-01', '2025-03-01')).toEqual({ from: at('2025-03-01T00:00:00Z'), to: at('2025-03-02T00:00:00Z') });
    expect(rangeThrough('2025-03-02', '2025-03-01')).toBeUndefined();
    expect(lastDay({ from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') })).toBe('2025-03-31');
  });

  it('counts the weeks a range touches, and keeps a weekly trend to the last 52 of them', () => {
    expect(weeksIn({ from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') })).toBe(6);
    const short = { from: at('2025-03-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') };
    expect(trendRange(short)).toEqual(short);
    const long = { from: at('2019-01-01T00:00:00Z'), to: at('2025-04-01T00:00:00Z') };
    const cut = trendRange(long);
    expect(weeksIn(cut)).toBe(52);
    expect(cut.to).toBe(long.to);
    expect(new Date(cut.from).getUTCDay()).toBe(1);
  });
});

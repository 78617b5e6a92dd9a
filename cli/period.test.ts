import { describe, expect, it } from 'vitest';
import { duration } from './doraTable.ts';
import { periodOf } from './period.ts';

const now = Date.parse('2026-12-05T11:00:00Z');

describe('periodOf', () => {
  it('is this calendar month (UTC) unless told, or the month given', () => {
    expect(periodOf({}, now)).toEqual({ from: Date.parse('2026-12-01T00:00:00Z'), to: Date.parse('2027-01-01T00:00:00Z') });
    expect(periodOf({ month: '2025-03' }, now)).toEqual({ from: Date.parse('2025-03-01T00:00:00Z'), to: Date.parse('2025-04-01T00:00:00Z') });
  });

  it('takes --from and --to as UTC unless they carry a zone', () => {
    expect(periodOf({ from: '2025-03-01', to: '2025-03-08T12:00' }, now)).toEqual({ from: Date.parse('2025-03-01T00:00:00Z'), to: Date.parse('2025-03-08T12:00:00Z') });
    expect(periodOf({ from: '2025-03-01T00:00+02:00', to: '2025-03-02' }, now).from).toBe(Date.parse('2025-02-28T22:00:00Z'));
  });

  it('names the option that is wrong', () => {
    expect(() => periodOf({ month: '2025-13' }, now)).toThrow('--month: "2025-13" is not a month like 2025-03');
    expect(() => periodOf({ from: '2025-03-01' }, now)).toThrow('--from and --to go together');
    expect(() => periodOf({ from: 'yesterday', to: '2025-03-02' }, now)).toThrow('--from: "yesterday" is not an ISO date or time');
    expect(() => periodOf({ from: '2025-03-02', to: '2025-03-01' }, now)).toThrow('--from (2025-03-02) must be before --to (2025-03-01)');
    expect(() => periodOf({ month: '2025-03', from: '2025-03-01', to: '2025-03-02' }, now)).toThrow('not both');
  });
});

describe('duration', () => {
  it('reads as days, hours and minutes', () => {
    expect(duration(null)).toBe('—');
    expect(duration(0)).toBe('0m');
    expect(duration(25 * 3_600_000)).toBe('1d 1h 0m');
    expect(duration(90 * 60_000)).toBe('1h 30m');
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index.ts';
import { wholeNumber } from './wholeNumber.ts';

describe('wholeNumber', () => {
  it('is the fallback when unset or empty, the number when given', () => {
    expect(wholeNumber('CHAOS_EVENTS', 50_000, {})).toBe(50_000);
    expect(wholeNumber('CHAOS_EVENTS', 50_000, { CHAOS_EVENTS: '' })).toBe(50_000);
    expect(wholeNumber('CHAOS_EVENTS', 50_000, { CHAOS_EVENTS: '0' })).toBe(0);
    expect(wholeNumber('CHAOS_EVENTS', 50_000, { CHAOS_EVENTS: '1200' })).toBe(1_200);
  });

  it.each(['ten', '1.5', '-1', '1e400'])('refuses %s, naming the variable and what was given', (given) => {
    const read = () => wholeNumber('CHAOS_RATE', 200, { CHAOS_RATE: given });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`CHAOS_RATE: must be a whole number ≥ 0 (given ${JSON.stringify(given)})`);
  });
});

import { createClient } from '@clickhouse/client';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { identifier, quote, quoteDateTime, quoteInteger, quoteList, quoteNumber, quoteString } from './quote.ts';

describe('quoteString', () => {
  it.each([
    ['plain', "'plain'"],
    ["O'Brien", "'O\\'Brien'"],
    ['back\\slash', "'back\\\\slash'"],
    ['ends with a backslash\\', "'ends with a backslash\\\\'"],
    ["\\'", "'\\\\\\''"],
    ["'); DROP TABLE switchyard.events; --", "'\\'); DROP TABLE switchyard.events; --'"],
    ['line\nbreak\r\ttab', "'line\\x0abreak\\x0d\\x09tab'"],
    ['nul\u0000byte', "'nul\\x00byte'"],
    ['del\u007f', "'del\\x7f'"],
    ['{x:String} ? $1', "'{x:String} ? $1'"],
    ['ünïcødé 🚀', "'ünïcødé 🚀'"],
    ['', "''"],
  ])('%j → %s', (input, expected) => {
    expect(quoteString(input)).toBe(expected);
  });

  it('refuses a lone surrogate rather than mangling it', () => {
    expect(() => quoteString('a\ud800b')).toThrow(RangeError);
  });

  it('refuses what is not a string', () => {
    expect(() => quoteString(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('numbers, times, lists, identifiers', () => {
  it('quotes finite numbers and refuses NaN and infinities', () => {
    expect(quoteNumber(1.5)).toBe('1.5');
    expect(quoteNumber(-3)).toBe('-3');
    for (const bad of [Number.NaN, Infinity, -Infinity, '1' as unknown as number]) expect(() => quoteNumber(bad)).toThrow(RangeError);
  });

  it('quotes safe integers only', () => {
    expect(quoteInteger(1_709_287_200_000)).toBe('1709287200000');
    for (const bad of [1.5, 2 ** 53, Number.NaN]) expect(() => quoteInteger(bad)).toThrow(RangeError);
  });

  it('turns a time into a UTC DateTime expression, to the second', () => {
    expect(quoteDateTime(new Date('2024-03-01T10:00:00.999Z'))).toBe("toDateTime(1709287200, 'UTC')");
    expect(quoteDateTime(1_709_287_200_000)).toBe("toDateTime(1709287200, 'UTC')");
    expect(() => quoteDateTime(new Date('nonsense'))).toThrow(RangeError);
    expect(() => quoteDateTime(-1)).toThrow(RangeError);
  });

  it('dispatches by type', () => {
    expect(quote("it's")).toBe("'it\\'s'");
    expect(quote(7)).toBe('7');
    expect(quote(new Date(0))).toBe("toDateTime(0, 'UTC')");
    expect(() => quote(null as unknown as string)).toThrow(TypeError);
  });

  it('builds IN lists and refuses an empty one', () => {
    expect(quoteList(['a', "b'c", 3])).toBe("('a', 'b\\'c', 3)");
    expect(() => quoteList([])).toThrow(RangeError);
  });

  it('accepts plain identifiers only', () => {
    expect(identifier('switchyard_test_1')).toBe('switchyard_test_1');
    for (const bad of ['', '1abc', 'a-b', 'a.b', 'a`b', 'db; DROP', 'é']) expect(() => identifier(bad)).toThrow(RangeError);
  });
});

describe('against the real server', () => {
  const client = createClient({ url: localStack.clickhouse.url, username: localStack.clickhouse.username, password: localStack.clickhouse.password });
  afterAll(() => client.close());

  const echo = async (literal: string): Promise<string> => {
    const result = await client.query({ query: `SELECT ${literal} AS v`, format: 'JSONEachRow' });
    const [row] = await result.json<{ v: string }>();
    return row!.v;
  };

  it('reads back every string exactly as quoted, hostile ones included', async () => {
    const hostile = ["'", "\\'", '\\', "' OR 1=1 --", '\u0000\u0001\u001f\u007f', '\n;\nSELECT 1', '"`$${}', '🚀\u2028'];
    for (const s of hostile) expect(await echo(quoteString(s))).toBe(s);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (s) => {
        expect(await echo(quoteString(s))).toBe(s);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary-ascii', maxLength: 40 }), async (s) => {
        expect(await echo(quoteString(s))).toBe(s);
      }),
      { numRuns: 150 },
    );
  });
});

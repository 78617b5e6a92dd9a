import { describe, expect, it } from 'vitest';
import { checkJsonDepth, jsonDepth, JsonTooDeepError, MAX_JSON_DEPTH } from './jsonDepth.ts';

describe('jsonDepth', () => {
  it('counts objects and arrays, not brackets inside strings (escaped quotes included)', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{","b":"\\"[[[["}')).toBe(1);
    expect(jsonDepth('["\\\\",[[]]]')).toBe(3);
  });

  it('reads UTF-8 bytes as it reads text', () => {
    const text = '{"é✓":[["]]]]"]]}';
    expect(jsonDepth(Buffer.from(text))).toBe(jsonDepth(text));
    expect(jsonDepth(text)).toBe(3);
  });

  it('stops once past the limit, and checks a million levels without a stack', () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    expect(jsonDepth(deep, 10)).toBe(11);
    expect(() => checkJsonDepth(deep, 'body')).toThrow(JsonTooDeepError);
    expect(() => checkJsonDepth(deep, 'body')).toThrow(`body nests deeper than ${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)`);
    expect(() => checkJsonDepth('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), 'body')).not.toThrow();
  });
});

import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AccessError } from '../access/errors.ts';
import { inputFromQuery } from './queryInput.ts';

const schema = z.toJSONSchema(
  z.object({ n: z.number().int().optional(), x: z.number().nullable().optional(), on: z.boolean().optional(), tags: z.array(z.string()).optional(), ids: z.array(z.number()).optional(), period: z.object({ from: z.string(), to: z.string() }).optional(), name: z.string().optional() }),
  { target: 'draft-2020-12', io: 'input' },
) as Record<string, unknown>;
const read = (query: string) => inputFromQuery(new URLSearchParams(query), schema);

describe('inputFromQuery', () => {
  it('types values by the schema: numbers, nullable numbers, booleans, repeated keys, dotted objects', () => {
    expect(read('n=3&x=1.5&on=false&tags=a&tags=b&ids=1&ids=2&period.from=2026-03-01&period.to=2026-04-01&name=42')).toEqual({ n: 3, x: 1.5, on: false, tags: ['a', 'b'], ids: [1, 2], period: { from: '2026-03-01', to: '2026-04-01' }, name: '42' });
  });

  it('leaves what does not read as its type as given, for the schema to refuse with its path', () => {
    expect(read('n=three&on=yes&n2=1')).toEqual({ n: 'three', on: 'yes', n2: '1' });
    expect(read('n=')).toEqual({ n: '' });
  });

  it('takes the whole input as one JSON parameter, alone', () => {
    expect(read(`input=${encodeURIComponent('{"n":1,"period":{"from":"a","to":"b"}}')}`)).toEqual({ n: 1, period: { from: 'a', to: 'b' } });
    expect(() => read('input={}&n=1')).toThrow(AccessError);
    expect(() => read('input=[1]')).toThrow(/JSON object/);
  });

  it('refuses a scalar given twice and prototype keys', () => {
    expect(() => read('n=1&n=2')).toThrow(/more than once/);
    expect(() => read('__proto__.x=1')).toThrow(AccessError);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

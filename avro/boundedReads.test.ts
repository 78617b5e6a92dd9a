import avsc from 'avsc';
import { describe, expect, it } from 'vitest';
import './boundedReads.ts';

const count = (n: number) => avsc.Type.forSchema('long').toBuffer(n);

describe('bounded array and map reads', () => {
  it('refuses at once a block count the bytes cannot hold, instead of looping over it', () => {
    for (const schema of [{ type: 'array', items: 'string' }, { type: 'map', values: 'long' }] as const) {
      const type = avsc.Type.forSchema(schema);
      const started = performance.now();
      expect(type.decode(count(2 ** 31), 0).offset).toBe(-1);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('still reads what is well formed, in several blocks, and through a resolver', () => {
    const strings = avsc.Type.forSchema({ type: 'array', items: 'string' });
    const bytes = strings.toBuffer(['a', 'bb', 'ccc']);
    expect(strings.fromBuffer(bytes)).toEqual(['a', 'bb', 'ccc']);
    // Two blocks: [2 items] then [1 item] then end.
    const twoBlocks = Buffer.concat([count(2), Buffer.from([2, 0x61, 4, 0x62, 0x62]), count(1), Buffer.from([6, 0x63, 0x63, 0x63]), count(0)]);
    expect(strings.fromBuffer(twoBlocks)).toEqual(['a', 'bb', 'ccc']);
    const longs = avsc.Type.forSchema({ type: 'map', values: 'int' });
    const doubles = avsc.Type.forSchema({ type: 'map', values: 'double' });
    expect(doubles.fromBuffer(longs.toBuffer({ x: 1, y: 2 }), doubles.createResolver(longs))).toEqual({ x: 1, y: 2 });
  });

  it('lets arrays of empty items through up to a cap', () => {
    const nulls = avsc.Type.forSchema({ type: 'array', items: 'null' });
    expect(nulls.fromBuffer(nulls.toBuffer([null, null, null]))).toEqual([null, null, null]);
    expect(nulls.decode(count(2 ** 31), 0).offset).toBe(-1);
  });
});

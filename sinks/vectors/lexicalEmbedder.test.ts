import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LEXICAL_DIMENSION, lexicalEmbedder, lexicalVector, tokens } from './lexicalEmbedder.ts';

const norm = (v: readonly number[]) => Math.hypot(...v);
const cosine = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('lexicalEmbedder', () => {
  test('is deterministic and unit-length for any text', async () => {
    const embedder = lexicalEmbedder();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 5 }), async (texts) => {
        const first = await embedder.embed(texts);
        const again = await lexicalEmbedder().embed(texts);
        expect(again).toEqual(first);
        for (const v of first) {
          expect(v).toHaveLength(LEXICAL_DIMENSION);
          expect(norm(v)).toBeCloseTo(1, 9);
        }
      }),
    );
  });

  test('any dimension gives unit vectors of that dimension', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 2, max: 2048 }), (text, dimension) => {
        const v = lexicalVector(text, dimension);
        expect(v).toHaveLength(dimension);
        expect(norm(v)).toBeCloseTo(1, 9);
      }),
    );
  });

  test('texts sharing words are nearer than texts that do not', () => {
    const query = lexicalVector('Kafka consumer rebalancing');
    expect(cosine(query, lexicalVector('fix consumer rebalancing in Kafka'))).toBeGreaterThan(cosine(query, lexicalVector('ClickHouse materialized views')) + 0.5);
  });

  test('it knows words, not meaning: synonyms do not meet', () => {
    expect(cosine(lexicalVector('car'), lexicalVector('automobile'))).toBeLessThan(0.2);
  });

  test('tokens: lower-cased words, stop words dropped, plural s cut', () => {
    expect(tokens('The Consumers of a Kafka topic, résumé #42')).toEqual(['consumer', 'kafka', 'topic', 'résumé', '42']);
  });
});

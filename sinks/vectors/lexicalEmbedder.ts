/**
 * An offline, deterministic LEXICAL embedder: it hashes a text's word unigrams and bigrams into a
 * fixed number of buckets (the "hashing trick", with a sign bit to cancel collisions on average)
 * and L2-normalizes the counts. Two texts are close when they share words — "Kafka consumer
 * rebalancing" finds texts with those words — not when they mean the same thing in other words:
 * it knows no synonyms. It needs no key and no network, so it is the default when no embedding
 * provider is configured, and what tests use: the same text gives the same vector on every
 * machine, forever.
 *
 * Tokens are lower-cased runs of letters and digits; a short list of English stop words is
 * dropped so "the" and "to" do not make every text alike, and a trailing plural "s" is cut so
 * "consumers" meets "consumer". A text with no tokens gets a fixed unit vector (bucket 0), since
 * a zero vector has no cosine and Pinecone refuses it.
 */
import type { Embedder } from './embedder.ts';

export const LEXICAL_DIMENSION = 384;

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the this to was were will with we our you your i me my not no do does did so if then than via per'.split(' '),
);

/** Bigrams weigh less than words: they sharpen a match on a phrase without drowning single words. */
const BIGRAM_WEIGHT = 0.5;

export function lexicalEmbedder(dimension: number = LEXICAL_DIMENSION): Embedder {
  if (!Number.isInteger(dimension) || dimension < 2) throw new RangeError(`lexical embedder: dimension must be an integer ≥ 2, not ${dimension}`);
  return {
    name: `lexical (word unigram+bigram hashing, ${dimension} dimensions; shared words, not meaning)`,
    dimension,
    embed: async (texts) => texts.map((text) => lexicalVector(text, dimension)),
  };
}

export function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => !STOP_WORDS.has(t)).map(stem);
}

function stem(token: string): string {
  return token.length > 3 && token.endsWith('s') && !token.endsWith('ss') ? token.slice(0, -1) : token;
}

export function lexicalVector(text: string, dimension: number = LEXICAL_DIMENSION): number[] {
  const vector: number[] = new Array<number>(dimension).fill(0);
  const words = tokens(text);
  const add = (feature: string, weight: number) => {
    const hash = fnv1a(feature);
    vector[hash % dimension]! += hash & 0x8000_0000 ? -weight : weight;
  };
  words.forEach((word, i) => {
    add(word, 1);
    if (i > 0) add(`${words[i - 1]} ${word}`, BIGRAM_WEIGHT);
  });
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((v) => v / norm);
}

/** FNV-1a, 32 bits, over UTF-16 code units: small, fast, and the same everywhere. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

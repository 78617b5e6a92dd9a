import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue.ts';

describe('the README', () => {
  it('lists every question of the catalogue, with the stores it reads', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z_]+)` \| .+ \| (.+) \|$/gm)].map((m) => [m[1], m[2]!.replace(' (Pinecone or pgvector)', '').replace('vectors', 'pinecone')]);
    expect(listed).toEqual(CATALOGUE.map((q) => [q.name, q.stores.length === 0 ? 'the organization file' : q.stores.join(', ')]));
  });
});

import { describe, expect, it } from 'vitest';
import { chainsFrom } from './queries.ts';

describe('chainsFrom (dependencyChain without the graph)', () => {
  it('lists every path to a project that depends on nothing, key by key in order', () => {
    const dependsOn = new Map([['APP', ['WEB', 'API']], ['API', ['DB']], ['WEB', ['API']], ['DB', []]]);
    expect(chainsFrom(dependsOn, 'APP')).toEqual([['APP', 'API', 'DB'], ['APP', 'WEB', 'API', 'DB']]);
    expect(chainsFrom(dependsOn, 'NOPE')).toEqual([]);
  });

  it('stops at the limit on a graph with exponentially many chains, keeping the first in order', () => {
    // 20 layers of two projects, each depending on both of the next layer: 2^20 chains.
    const dependsOn = new Map<string, string[]>([['ROOT', ['L0A', 'L0B']]]);
    for (let layer = 0; layer < 20; layer += 1) {
      const next = layer === 19 ? [] : [`L${layer + 1}A`, `L${layer + 1}B`];
      dependsOn.set(`L${layer}A`, next).set(`L${layer}B`, next);
    }
    const chains = chainsFrom(dependsOn, 'ROOT', 3);
    expect(chains).toHaveLength(3);
    expect(chains[0]).toEqual(['ROOT', ...Array.from({ length: 20 }, (_, i) => `L${i}A`)]);
    expect(chains[1]!.at(-1)).toBe('L19B');
  });
});

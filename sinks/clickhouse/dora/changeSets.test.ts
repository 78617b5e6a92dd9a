import { describe, expect, it } from 'vitest';
import { changeSets } from './changeSets.ts';
import type { Deployment } from './deployments.ts';
import { NO_SHA, type PushFact } from './facts.ts';

const REPO = 'acme/api';
let clock = 0;
const push = (before: string, after: string, shas: readonly string[], flags: Partial<PushFact> = {}): PushFact => ({
  repository: REPO, branch: 'main', defaultBranch: 'main', before, after, created: before === NO_SHA, forced: false, pushedAtMs: (clock += 1000),
  commits: shas.map((sha) => ({ sha, authoredAtMs: clock })), truncated: false, ...flags,
});
const deployed = (key: string, sha: string, finishedAtMs: number): Deployment => ({ key, source: 'github-deployment', repository: REPO, environment: 'production', sha, startedAtMs: finishedAtMs - 1, finishedAtMs });
const shasOf = (set: ReturnType<typeof changeSets> extends Map<string, infer S> ? S : never) => ('shas' in set ? [...set.shas].sort() : set.status);

describe('changeSets', () => {
  const history = [push(NO_SHA, 'c1', ['c1']), push('c1', 'c3', ['c2', 'c3']), push('c3', 'c5', ['c4', 'c5']), push('c5', 'c6', ['c6'])];

  it('walks back through every push to the previous deployment, and the first deployment gets nothing', () => {
    const sets = changeSets([deployed('d1', 'c1', 10), deployed('d2', 'c5', 20), deployed('d3', 'c6', 30)], history);
    expect(sets.get('d1')).toEqual({ status: 'first' });
    expect(shasOf(sets.get('d2')!)).toEqual(['c2', 'c3', 'c4', 'c5']);
    expect(shasOf(sets.get('d3')!)).toEqual(['c6']);
  });

  it('cuts a push at a deployed commit in the middle of it, on both ends', () => {
    const sets = changeSets([deployed('d1', 'c2', 10), deployed('d2', 'c4', 20)], history);
    expect(shasOf(sets.get('d2')!)).toEqual(['c3', 'c4']);
  });

  it('a redeployment of the same commit, or a rollback to an older one, ships nothing', () => {
    const sets = changeSets([deployed('d1', 'c5', 10), deployed('d2', 'c5', 20), deployed('d3', 'c3', 30)], history);
    expect(sets.get('d2')).toEqual({ status: 'known', shas: new Set() });
    expect(sets.get('d3')).toEqual({ status: 'known', shas: new Set() });
  });

  it('says partial through a capped or forced push, and unknown where the chain breaks', () => {
    const capped = [push(NO_SHA, 'c1', ['c1']), push('c1', 'c3', ['c2', 'c3'], { truncated: true }), push('x9', 'c9', ['c9'])];
    const sets = changeSets([deployed('d1', 'c1', 10), deployed('d2', 'c3', 20), deployed('d3', 'c9', 30), deployed('d4', 'zz', 40)], capped);
    expect(sets.get('d2')).toMatchObject({ status: 'partial' });
    expect(sets.get('d3')).toMatchObject({ status: 'unknown', reason: 'no push of x9 (before c9) was seen, or only ones already walked' });
    expect(sets.get('d4')).toMatchObject({ status: 'unknown', reason: 'no push of zz was seen' });
  });

  it('does not loop on force pushes that go round in a circle', () => {
    const circle = [push('a', 'b', ['b'], { forced: true }), push('b', 'a', ['a'], { forced: true })];
    expect(changeSets([deployed('d1', 'z', 10), deployed('d2', 'a', 20)], circle).get('d2')).toMatchObject({ status: 'unknown' });
  });

  it("follows the default branch where a feature branch's push also ends at the commit", () => {
    const feature = push(NO_SHA, 'c5', ['c4', 'c5'], { branch: 'feature' });
    const sets = changeSets([deployed('d1', 'c3', 10), deployed('d2', 'c5', 20)], [feature, ...history]);
    expect(shasOf(sets.get('d2')!)).toEqual(['c4', 'c5']);
  });
});

describe('changeSets on histories with tags and force pushes', () => {
  it('a tag or a branch created at a commit in the middle of a push does not hide the push that brought it', () => {
    const pushes = [push(NO_SHA, 'c0', ['c0']), push('c0', 'c2', ['c1', 'c2']), push(NO_SHA, 'c1', [], { branch: null, created: true })];
    const sets = changeSets([deployed('d1', 'c0', 10), deployed('d2', 'c1', 20)], pushes);
    expect(sets.get('d2')).toEqual({ status: 'known', shas: new Set(['c1']) });
  });

  it('a branch forced away and back is walked through the push that first brought the commit', () => {
    const pushes = [push(NO_SHA, 'b', ['b']), push('b', 'c', ['c']), push('c', 'x', ['x'], { forced: true }), push('x', 'c', [], { forced: true })];
    const sets = changeSets([deployed('d1', 'b', 10), deployed('d2', 'c', 20)], pushes);
    expect(sets.get('d2')).toEqual({ status: 'known', shas: new Set(['c']) });
  });

  it("a deployment of a commit a forced push rolled main back to ships that commit, not the ones rolled back", () => {
    const pushes = [push(NO_SHA, 'a', ['a']), push('a', 'c', ['b', 'c']), push('c', 'b', [], { forced: true })];
    const sets = changeSets([deployed('d1', 'a', 10), deployed('d2', 'b', 20)], pushes);
    expect(sets.get('d2')).toEqual({ status: 'known', shas: new Set(['b']) });
  });
});

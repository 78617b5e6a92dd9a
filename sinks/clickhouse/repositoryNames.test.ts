import { describe, expect, it } from 'vitest';
import { currentNameSql, namesCondition, withFormerNames } from './repositoryNames.ts';

const windows = (names: ReturnType<typeof withFormerNames>) => names.windows.map((w) => [w.name, w.since, w.until, w.current]);

describe('withFormerNames', () => {
  it('adds every former name, transitively, each in its window and mapped to the scope name it became', () => {
    const names = withFormerNames(['acme/c', 'acme/x'], [{ from: 'acme/a', to: 'acme/b', at: 10 }, { from: 'acme/b', to: 'acme/c', at: 20 }, { from: 'other/z', to: 'other/y', at: 5 }]);
    expect(names.all).toEqual(['acme/c', 'acme/x', 'acme/b', 'acme/a']);
    expect(windows(names)).toEqual([['acme/c', null, null, 'acme/c'], ['acme/x', null, null, 'acme/x'], ['acme/b', 10, 20, 'acme/c'], ['acme/a', null, 10, 'acme/c']]);
    expect([names.currentOf('acme/b', 15), names.currentOf('acme/a', 3), names.currentOf('other/z')]).toEqual(['acme/c', 'acme/c', 'other/z']);
  });

  it('a name used again: the former name stands for the renamed repository only before the rename', () => {
    const names = withFormerNames(['acme/api-legacy'], [{ from: 'acme/api', to: 'acme/api-legacy', at: 10 }]);
    expect(windows(names)).toEqual([['acme/api-legacy', null, null, 'acme/api-legacy'], ['acme/api', null, 10, 'acme/api-legacy']]);
    expect(namesCondition(names, 'repository', 't')).toBe("((repository = 'acme/api-legacy') OR (repository = 'acme/api' AND t < 10))");
    expect(currentNameSql(names, 'repository', 't')).toBe("multiIf((repository = 'acme/api' AND t < 10), 'acme/api-legacy', repository)");
  });

  it('stops at a name that was someone else\'s before (renamed away, then used again and renamed)', () => {
    // x: old → gone at 5; y: created as old, old → mine at 10. mine reads old from 5 only.
    const names = withFormerNames(['acme/mine'], [{ from: 'acme/old', to: 'acme/gone', at: 5 }, { from: 'acme/old', to: 'acme/mine', at: 10 }]);
    expect(windows(names)).toEqual([['acme/mine', null, null, 'acme/mine'], ['acme/old', 5, 10, 'acme/mine']]);
  });

  it('reads forward only: a scope naming an old name gets no newer one', () => {
    expect(withFormerNames(['acme/a'], [{ from: 'acme/a', to: 'acme/b', at: 1 }]).all).toEqual(['acme/a']);
  });

  it('a → b → a: the scope a reads a at all times and b between the renames', () => {
    const names = withFormerNames(['acme/a'], [{ from: 'acme/b', to: 'acme/a', at: 20 }, { from: 'acme/a', to: 'acme/b', at: 10 }]);
    expect(windows(names)).toEqual([['acme/a', null, null, 'acme/a'], ['acme/b', 10, 20, 'acme/a']]);
    // After the rename back, a row under b is not this repository's: b was left behind.
    expect([names.currentOf('acme/b', 15), names.currentOf('acme/b', 25)]).toEqual(['acme/a', 'acme/b']);
  });

  it('a → b → a → b, read from b: a between the renames and a before the first, each once', () => {
    const names = withFormerNames(['acme/b'], [{ from: 'acme/a', to: 'acme/b', at: 10 }, { from: 'acme/b', to: 'acme/a', at: 20 }, { from: 'acme/a', to: 'acme/b', at: 30 }]);
    expect(windows(names)).toEqual([['acme/b', null, null, 'acme/b'], ['acme/a', 20, 30, 'acme/b'], ['acme/a', null, 10, 'acme/b']]);
    expect([names.currentOf('acme/a', 5), names.currentOf('acme/a', 15), names.currentOf('acme/a', 25), names.currentOf('acme/a', 35)]).toEqual(['acme/b', 'acme/a', 'acme/b', 'acme/a']);
  });

  it('keeps a scope name its own', () => {
    const names = withFormerNames(['acme/a', 'acme/b'], [{ from: 'acme/a', to: 'acme/b', at: 1 }]);
    expect(names.all).toEqual(['acme/a', 'acme/b']);
    expect(names.currentOf('acme/a', 0)).toBe('acme/a');
  });
});

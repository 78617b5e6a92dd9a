/**
 * A renamed repository keeps its history in the real PostgreSQL (sinks/testing/repositoryRename.ts
 * has the scenario): the rename is an edge, the view follows it back, and replays change nothing.
 */
import { describe, expect, it } from 'vitest';
import { created, renamed, renameScenario, T0 } from '../testing/repositoryRename.ts';
import { formerNames } from './repositoryNames.ts';
import { snapshot, useTestSchema } from './testing/testSchema.ts';

const at = (step: number): Date => new Date(T0 + step * 86_400_000);

describe('postgres: a renamed repository', () => {
  const db = useTestSchema();

  it('keeps the old name as a former name of the new one, with GitHub\'s id, and its sender joins the identities', async () => {
    for (const event of renameScenario()) await db.sink.write([event]);
    expect(await formerNames(db.sink.pool as never, 'acme/new')).toEqual([{ name: 'acme/old', since: null, until: at(3) }]);
    const { rows } = await db.sink.pool.query<{ full_name: string; github_id: string | null }>('SELECT full_name, github_id::text FROM repositories ORDER BY full_name');
    expect(rows).toEqual([
      { full_name: 'acme/new', github_id: '42' },
      { full_name: 'acme/old', github_id: null },
    ]);
    const { rows: people } = await db.sink.pool.query<{ key: string }>(`SELECT source || ':' || lower(external_id) AS key FROM identities WHERE lower(external_id) IN ('codertocat', 'dave') AND source = 'github' ORDER BY key`);
    expect(people.map((p) => p.key)).toEqual(['github:codertocat', 'github:dave']);
  });

  it('follows renames transitively (a → b → c → b), each name in its window, and ends the cycle', async () => {
    await db.sink.write([renamed('acme/a', 'acme/b', 1), renamed('acme/b', 'acme/c', 2), renamed('acme/c', 'acme/b', 3)]);
    // c was renamed away: nothing now under c is this repository's.
    expect(await formerNames(db.sink.pool as never, 'acme/c')).toEqual([]);
    expect(await formerNames(db.sink.pool as never, 'acme/b')).toEqual([{ name: 'acme/c', since: at(2), until: at(3) }, { name: 'acme/a', since: null, until: at(1) }]);
  });

  it('a name used again stands for each repository only while it had it', async () => {
    // 42: acme/api → acme/api-legacy on day 3; 77 created as acme/api on day 4, renamed acme/api → acme/api-new on day 5.
    await db.sink.write([renamed('acme/api', 'acme/api-legacy', 3), created('acme/api', 77, 4), renamed('acme/api', 'acme/api-new', 5, 77)]);
    expect(await formerNames(db.sink.pool as never, 'acme/api-legacy')).toEqual([{ name: 'acme/api', since: null, until: at(3) }]);
    expect(await formerNames(db.sink.pool as never, 'acme/api-new')).toEqual([{ name: 'acme/api', since: at(3), until: at(5) }]);
    expect(await formerNames(db.sink.pool as never, 'acme/api')).toEqual([]);
  });

  it('replays exactly: the scenario again, in one batch and reversed, changes nothing', async () => {
    for (const event of renameScenario()) await db.sink.write([event]);
    const before = await snapshot(db.sink);
    const { rows: edges } = await db.sink.pool.query('SELECT * FROM repository_renames ORDER BY 1, 2, 3, 4');
    await db.sink.write(renameScenario());
    for (const event of renameScenario().reverse()) await db.sink.write([event]);
    expect(await snapshot(db.sink)).toEqual(before);
    expect((await db.sink.pool.query('SELECT * FROM repository_renames ORDER BY 1, 2, 3, 4')).rows).toEqual(edges);
  });
});

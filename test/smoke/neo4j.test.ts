import neo4jDriver from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { uniqueName } from '../support/names.ts';

describe('Neo4j smoke', () => {
  const driver = neo4jDriver.driver(localStack.neo4j.url, neo4jDriver.auth.basic(localStack.neo4j.user, localStack.neo4j.password), {
    disableLosslessIntegers: true,
  });
  const label = uniqueName('Smoke').replaceAll('-', '_');

  afterAll(async () => {
    await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`);
    await driver.close();
  });

  it('merges a batch with UNWIND … MERGE through neo4j-driver, idempotently', async () => {
    const rows = [
      { login: 'ada', repo: 'octo/a' },
      { login: 'ada', repo: 'octo/b' },
      { login: 'bob', repo: 'octo/a' },
    ];
    const write = `UNWIND $rows AS row
      MERGE (d:${label} {login: row.login})
      MERGE (r:${label} {repo: row.repo})
      MERGE (d)-[:CONTRIBUTED_TO]->(r)`;
    await driver.executeQuery(write, { rows });
    await driver.executeQuery(write, { rows });
    const { records } = await driver.executeQuery(
      `MATCH (d:${label})-[c:CONTRIBUTED_TO]->(r:${label}) RETURN d.login AS login, count(c) AS repos ORDER BY login`,
    );
    expect(records.map((r) => [r.get('login'), r.get('repos')])).toEqual([
      ['ada', 2],
      ['bob', 1],
    ]);
  });

  it('refuses a wrong password', async () => {
    const wrong = neo4jDriver.driver(localStack.neo4j.url, neo4jDriver.auth.basic('neo4j', 'not-the-password'));
    await expect(wrong.verifyAuthentication()).resolves.toBe(false);
    await wrong.close();
  });
});

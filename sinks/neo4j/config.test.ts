import { describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { ConfigError } from '../../config/errors.ts';
import { loadNeo4jConfig, redactedNeo4jConfig } from './config.ts';
import { neo4jReaderWarnings } from './reader.ts';

function problemsOf(env: Record<string, string>) {
  try {
    loadNeo4jConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadNeo4jConfig', () => {
  it('applies defaults and needs only the password', () => {
    expect(loadNeo4jConfig({ NEO4J_PASSWORD: 's3cret' })).toEqual({ url: 'bolt://127.0.0.1:7687', user: 'neo4j', password: 's3cret', database: 'neo4j', teamsFile: undefined });
  });

  it("takes the local stack's credentials while NEO4J_URL is unset or the local stack's, and only then", () => {
    const local = { url: localStack.neo4j.url, user: localStack.neo4j.user, password: localStack.neo4j.password, database: 'neo4j', teamsFile: undefined };
    expect(loadNeo4jConfig({})).toEqual(local);
    expect(loadNeo4jConfig({ NEO4J_URL: localStack.neo4j.url.replace('127.0.0.1', 'localhost') })).toMatchObject({ password: localStack.neo4j.password });
    expect(problemsOf({ NEO4J_URL: 'neo4j+s://abc.databases.neo4j.io' })).toEqual([{ variable: 'NEO4J_PASSWORD', message: "must be set (NEO4J_URL is not the local stack's)" }]);
  });

  it('reads every variable', () => {
    const config = loadNeo4jConfig({ NEO4J_URL: 'neo4j+s://abc.databases.neo4j.io', NEO4J_USER: 'u', NEO4J_PASSWORD: 'p', NEO4J_DATABASE: 'graph', SWITCHYARD_TEAMS_FILE: '/etc/teams.json', NEO4J_LABEL_PREFIX: 'Staging_' });
    expect(config).toEqual({ url: 'neo4j+s://abc.databases.neo4j.io', user: 'u', password: 'p', database: 'graph', teamsFile: '/etc/teams.json', labelPrefix: 'Staging_' });
  });

  it('names every bad variable', () => {
    expect(problemsOf({ NEO4J_URL: 'http://localhost:7474', NEO4J_DATABASE: '1x', NEO4J_LABEL_PREFIX: 'x) DETACH DELETE n //' })).toEqual([
      { variable: 'NEO4J_URL', message: expect.stringMatching(/^must be a bolt:\/\/, .* or neo4j\+ssc:\/\/ URL \(host and port only\), not http:\/\//), value: 'http://localhost:7474' },
      { variable: 'NEO4J_PASSWORD', message: expect.stringMatching(/^must be set/) },
      { variable: 'NEO4J_DATABASE', message: expect.stringMatching(/^must be a database name/), value: '1x' },
      { variable: 'NEO4J_LABEL_PREFIX', message: expect.stringMatching(/^must start with a letter/), value: 'x) DETACH DELETE n //' },
    ]);
  });

  it('never shows the password', () => {
    expect(JSON.stringify(redactedNeo4jConfig(loadNeo4jConfig({ NEO4J_PASSWORD: 's3cret' })))).not.toContain('s3cret');
    expect(JSON.stringify(problemsOf({ NEO4J_URL: 'nope', NEO4J_PASSWORD: 's3cret', NEO4J_DATABASE: '1x' }))).not.toContain('s3cret');
    // Nor one written into the URL, which the driver would ignore: refused, and not echoed.
    const inUrl = problemsOf({ NEO4J_URL: 'neo4j+s://neo4j:hunter2@abcd1234.databases.neo4j.io', NEO4J_PASSWORD: 's3cret' });
    expect(inUrl).toEqual([{ variable: 'NEO4J_URL', message: expect.stringMatching(/a user or path in it would be ignored$/), value: 'neo4j+s://neo4j:redacted@abcd1234.databases.neo4j.io' }]);
  });

  it('refuses a port the driver would silently replace with 7687', () => {
    expect(problemsOf({ NEO4J_URL: 'bolt://graph.internal:badport', NEO4J_PASSWORD: 'p' })).toEqual([{ variable: 'NEO4J_URL', message: expect.stringMatching(/with a port from 1 to 65535, not "badport"$/), value: 'bolt://graph.internal:badport' }]);
    expect(loadNeo4jConfig({ NEO4J_URL: 'bolt://graph.internal', NEO4J_PASSWORD: 'p' }).url).toBe('bolt://graph.internal');
  });
});

describe('NEO4J_READER_USER and NEO4J_READER_PASSWORD', () => {
  it('are read together, the password redacted', () => {
    const config = loadNeo4jConfig({ NEO4J_PASSWORD: 'w', NEO4J_READER_USER: 'reader', NEO4J_READER_PASSWORD: 'r-s3cret' });
    expect(config.reader).toEqual({ user: 'reader', password: 'r-s3cret' });
    expect(neo4jReaderWarnings(config)).toEqual([]);
    expect(redactedNeo4jConfig(config)).toMatchObject({ readerUser: 'reader', readerPassword: 'redacted' });
    expect(JSON.stringify(redactedNeo4jConfig(config))).not.toContain('r-s3cret');
  });

  it('unset: no reader of its own, and a warning that reads go as the writer', () => {
    const config = loadNeo4jConfig({ NEO4J_PASSWORD: 'w' });
    expect(config.reader).toBeUndefined();
    expect(neo4jReaderWarnings(config)).toEqual([expect.stringMatching(/NEO4J_READER_USER is unset.*NEO4J_USER \(neo4j\), a user that can write.*READ transaction with a timeout/)]);
  });

  it('half a principal is refused, naming the missing half', () => {
    expect(problemsOf({ NEO4J_PASSWORD: 'w', NEO4J_READER_USER: 'reader' })).toEqual([{ variable: 'NEO4J_READER_PASSWORD', message: 'must be set with NEO4J_READER_USER' }]);
    expect(problemsOf({ NEO4J_PASSWORD: 'w', NEO4J_READER_PASSWORD: 'r' })).toEqual([{ variable: 'NEO4J_READER_USER', message: 'must be set with NEO4J_READER_PASSWORD' }]);
  });
});

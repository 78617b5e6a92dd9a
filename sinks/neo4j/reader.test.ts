/** The Neo4j reader's settings and what it builds, without a server (the driver connects lazily). */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.ts';
import { loadNeo4jConfig, redactedNeo4jConfig } from './config.ts';
import { NEO4J_READ_CONCURRENCY, neo4jReaderWarnings, openNeo4jReader } from './reader.ts';

const LIMITS = { rowCap: 10, maxTopK: 5, timeoutMs: 3_000 };

function problemsOf(env: Record<string, string>) {
  try {
    loadNeo4jConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

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

describe('openNeo4jReader', () => {
  it('gives a Graph with the limits’ timeout on every read, the labels of its prefix, and a concurrency of 8', async () => {
    const warned: string[] = [];
    const opened = openNeo4jReader({ ...loadNeo4jConfig({ NEO4J_URL: 'bolt://graph.invalid:7687', NEO4J_PASSWORD: 'w', NEO4J_LABEL_PREFIX: 'Staging_' }) }, LIMITS, (message) => warned.push(message));
    try {
      expect(opened.reader.readTimeoutMs).toBe(3_000);
      expect(opened.reader.labels.Developer).toBe('Staging_Developer');
      expect(opened.reader.database).toBe('neo4j');
      expect(opened.concurrency).toBe(NEO4J_READ_CONCURRENCY);
      expect(warned).toHaveLength(1);
    } finally {
      await opened.close();
    }
  });
});

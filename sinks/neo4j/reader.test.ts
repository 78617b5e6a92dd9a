/** What the Neo4j reader builds, without a server (the driver connects lazily); its settings are in config.test.ts. */
import { describe, expect, it } from 'vitest';
import { loadNeo4jConfig } from './config.ts';
import { NEO4J_READ_CONCURRENCY, openNeo4jReader } from './reader.ts';

const LIMITS = { rowCap: 10, maxTopK: 5, timeoutMs: 3_000 };

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

/** The Neo4j descriptor's own parts: its local service, redaction and a run's labels (index.stack.test.ts drops them). */
import { describe, expect, it } from 'vitest';
import { localStack } from '../../config/endpoints.ts';
import { readSection } from '../../config/spec.ts';
import { neo4jStore } from './index.ts';

describe('neo4jStore', () => {
  it('points at the local stack’s Neo4j by default, and never shows the password', () => {
    const config = readSection(neo4jStore.config, {});
    expect(neo4jStore.localServices(config)).toEqual({ neo4j: localStack.neo4j.url });
    expect(JSON.stringify(neo4jStore.redact(config))).not.toContain(localStack.neo4j.password);
  });

  it('gives a run labels of its own, capitalised', () => {
    expect(neo4jStore.isolation.env('chaos1a2b')).toEqual({ NEO4J_LABEL_PREFIX: 'Chaos1a2b_' });
  });
});

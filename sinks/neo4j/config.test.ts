import { describe, expect, it } from 'vitest';
import { loadNeo4jConfig, redactedConfig } from './config.ts';

describe('loadNeo4jConfig', () => {
  it('applies defaults and needs only the password', () => {
    expect(loadNeo4jConfig({ NEO4J_PASSWORD: 's3cret' })).toEqual({ url: 'bolt://127.0.0.1:7687', user: 'neo4j', password: 's3cret', database: 'neo4j', teamsFile: undefined });
  });

  it('reads every variable', () => {
    const config = loadNeo4jConfig({ NEO4J_URL: 'neo4j+s://abc.databases.neo4j.io', NEO4J_USER: 'u', NEO4J_PASSWORD: 'p', NEO4J_DATABASE: 'graph', SWITCHYARD_TEAMS_FILE: '/etc/teams.json', NEO4J_LABEL_PREFIX: 'Staging_' });
    expect(config).toEqual({ url: 'neo4j+s://abc.databases.neo4j.io', user: 'u', password: 'p', database: 'graph', teamsFile: '/etc/teams.json', labelPrefix: 'Staging_' });
  });

  it('names every bad variable', () => {
    expect(() => loadNeo4jConfig({ NEO4J_URL: 'http://localhost:7474', NEO4J_DATABASE: '1x', NEO4J_LABEL_PREFIX: 'x) DETACH DELETE n //' })).toThrow(/NEO4J_URL must be a bolt:\/\/ or neo4j:\/\/ URL.*NEO4J_PASSWORD must be set.*NEO4J_DATABASE must be a database name.*NEO4J_LABEL_PREFIX must start with a letter/);
  });

  it('never shows the password', () => {
    expect(JSON.stringify(redactedConfig(loadNeo4jConfig({ NEO4J_PASSWORD: 's3cret' })))).not.toContain('s3cret');
  });
});

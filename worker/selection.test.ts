import { describe, expect, it } from 'vitest';
import { selectedStores, selectSubTopologies, SUB_TOPOLOGIES } from './selection.ts';

describe('selectSubTopologies', () => {
  it('runs everything without --only', () => {
    expect(selectSubTopologies(undefined)).toEqual(['normalize', 'sink:postgres', 'sink:clickhouse', 'sink:pinecone', 'sink:neo4j', 'actuator']);
  });

  it('keeps the canonical order and drops repeats and blanks', () => {
    expect(selectSubTopologies(' sink:neo4j,normalize,,sink:neo4j ')).toEqual(['normalize', 'sink:neo4j']);
    expect(selectedStores(selectSubTopologies('sink:neo4j,normalize,sink:clickhouse'))).toEqual(['clickhouse', 'neo4j']);
  });

  it('names an unknown sub-topology and lists the valid ones', () => {
    expect(() => selectSubTopologies('normalize,sink:clickhose')).toThrow(`--only: unknown sub-topology "sink:clickhose"; valid: ${SUB_TOPOLOGIES.join(', ')}`);
    expect(() => selectSubTopologies(',')).toThrow('--only names no sub-topology');
  });
});

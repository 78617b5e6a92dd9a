/**
 * The access layer's read-only principal for this store (access/): NOT BUILT YET — being written.
 */
import type { AccessLimits } from '../../access/question.ts';
import type { OpenReader } from '../store.ts';
import type { Neo4jConfig } from './config.ts';
import type { Graph } from './queries.ts';

export function openNeo4jReader(_config: Neo4jConfig, _limits: AccessLimits): OpenReader<Graph> {
  throw new Error('openNeo4jReader: not built yet');
}

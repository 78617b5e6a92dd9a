/**
 * The access layer's read-only principal for this store (access/): NOT BUILT YET — being written.
 */
import type { AccessLimits } from '../../access/question.ts';
import type { OpenReader } from '../store.ts';
import type { PostgresConfig } from './config.ts';
import type { Queryable } from './queries.ts';

export function openPostgresReader(_config: PostgresConfig, _limits: AccessLimits): OpenReader<Queryable> {
  throw new Error('openPostgresReader: not built yet');
}

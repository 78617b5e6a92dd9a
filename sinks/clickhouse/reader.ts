/**
 * The access layer's read-only principal for this store (access/): NOT BUILT YET — being written.
 */
import type { AccessLimits } from '../../access/question.ts';
import type { OpenReader } from '../store.ts';
import type { ClickHouseConfig } from './config.ts';
import type { ClickHouseQueries } from './queries.ts';

/** What ClickHouse questions read through: the catalogue's queries, and rows of one fixed SELECT, both as the reader user. */
export interface ClickHouseReader {
  readonly queries: ClickHouseQueries;
  readonly database: string;
  rows<T = Record<string, unknown>>(query: string): Promise<T[]>;
}

export function openClickHouseReader(_config: ClickHouseConfig, _limits: AccessLimits): OpenReader<ClickHouseReader> {
  throw new Error('openClickHouseReader: not built yet');
}

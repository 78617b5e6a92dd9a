/**
 * The access layer's read-only principal for this store (access/): NOT BUILT YET — being written.
 */
import type { AccessLimits } from '../../access/question.ts';
import type { OpenReader } from '../store.ts';
import type { VectorConfig } from './config.ts';
import type { Reader } from './queries.ts';

export function openVectorReader(_config: VectorConfig, _limits: AccessLimits): OpenReader<Reader> {
  throw new Error('openVectorReader: not built yet');
}

/** The services of the local stack, in start order. */
import { clickhouse } from './clickhouse.ts';
import { kafka } from './kafka.ts';
import { neo4j } from './neo4j.ts';
import { pgvector } from './pgvector.ts';
import { postgres } from './postgres.ts';
import { schemaRegistry } from './schemaRegistry.ts';
import type { StackService } from '../service.ts';

export const stackServices: readonly StackService[] = [kafka, schemaRegistry, postgres, pgvector, clickhouse, neo4j];

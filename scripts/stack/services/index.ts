/** The services of the local stack, in start order. */
import { clickhouse } from './clickhouse.ts';
import { postgres } from './postgres.ts';
import type { StackService } from '../service.ts';

export const stackServices: readonly StackService[] = [postgres, clickhouse];

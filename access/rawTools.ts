/**
 * The opt-in raw read tools, by store: OFF unless SWITCHYARD_ACCESS_RAW_TOOLS lists the store
 * (the serve side appends `RAW_TOOLS[store]` to the catalogue it serves). PostgreSQL and
 * ClickHouse only: their readers' guards are the database's own (a read-only principal and a
 * read-only mode per request). Neo4j Community has no roles and reads files and URLs with LOAD CSV
 * in a READ transaction, and pgvector on PGlite has no roles nor statement timeout, so neither
 * gets free text (design notes §2, "Verified on the local stack").
 */
import { rawClickHouseQuery } from '../sinks/clickhouse/rawQuery.ts';
import { rawPostgresQuery } from '../sinks/postgres/rawQuery.ts';
import type { AnyQuestion, StoreName } from './question.ts';

export const RAW_TOOLS: Readonly<Partial<Record<StoreName, AnyQuestion>>> = {
  postgres: rawPostgresQuery,
  clickhouse: rawClickHouseQuery,
};

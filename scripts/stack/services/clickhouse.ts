/**
 * ClickHouse from Debian's packages (18.16 on bookworm), run outside its system service with
 * Debian's config and our own paths and ports, and a users file of our own (clickhouseUsers.ts:
 * Debian's `default` plus the access layer's read-only `switchyard_reader`).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { host, localStack, ports } from '../../../config/endpoints.ts';
import { stackPaths } from '../paths.ts';
import type { StackService } from '../service.ts';
import { clickhouseUsersXml } from './clickhouseUsers.ts';

const dataDir = stackPaths.data('clickhouse');
const serverBinary = '/usr/sbin/clickhouse-server';

async function sql(statement: string): Promise<string> {
  const url = new URL(localStack.clickhouse.url);
  url.searchParams.set('query', statement);
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  const body = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.trim().slice(0, 160)}`);
  return body.trim();
}

export interface ClickHouseServer {
  readonly dataDir: string;
  readonly httpPort: number;
  readonly tcpPort: number;
  readonly interserverPort: number;
  readonly logPrefix: string;
}

/** The command line of a ClickHouse server with its own data, ports and logs (the stack's, or a test's private one). */
export function clickhouseServerArgs(server: ClickHouseServer): string[] {
  // Trailing slashes matter to ClickHouse's path settings.
  const dir = (sub = '') => `${path.join(server.dataDir, sub)}/`;
  for (const sub of ['tmp', 'user_files', 'format_schemas']) mkdirSync(path.join(server.dataDir, sub), { recursive: true });
  // Written at every start, so a change to the users reaches a stack made before it.
  const usersFile = path.join(server.dataDir, 'users.xml');
  writeFileSync(usersFile, clickhouseUsersXml());
  return [
    '--config-file=/etc/clickhouse-server/config.xml',
    '--',
    `--users_config=${usersFile}`,
    `--path=${dir()}`,
    `--tmp_path=${dir('tmp')}`,
    `--user_files_path=${dir('user_files')}`,
    `--format_schema_path=${dir('format_schemas')}`,
    `--http_port=${server.httpPort}`,
    `--tcp_port=${server.tcpPort}`,
    `--interserver_http_port=${server.interserverPort}`,
    `--listen_host=${host}`,
    `--logger.log=${server.logPrefix}-server.log`,
    `--logger.errorlog=${server.logPrefix}-errors.log`,
  ];
}

export const clickhouseServerBinary = serverBinary;

export const clickhouse: StackService = {
  name: 'clickhouse',
  label: 'ClickHouse',
  address: localStack.clickhouse.url,

  async probe() {
    return { healthy: true, version: await sql('SELECT version()') };
  },

  native: {
    debianPackages: { packages: ['clickhouse-server'], binary: () => (existsSync(serverBinary) ? serverBinary : undefined) },
    startTimeoutMs: 60_000,
    ports: [ports.clickhouseHttp, ports.clickhouseTcp, ports.clickhouseInterserver],

    launch() {
      return {
        command: serverBinary,
        args: clickhouseServerArgs({
          dataDir,
          httpPort: ports.clickhouseHttp,
          tcpPort: ports.clickhouseTcp,
          interserverPort: ports.clickhouseInterserver,
          logPrefix: stackPaths.log('clickhouse').replace(/\.log$/, ''),
        }),
        marker: `${dataDir}/`,
      };
    },
  },
};

/**
 * `switchyard dora --project <key or name> [--month YYYY-MM | --from DATE --to DATE] [--json]`:
 * the four DORA keys of a project (the guide's "What's the deployment frequency for Project X this
 * month?"), from ClickHouse, as DevLake defines them (sinks/clickhouse/README.md). The project
 * comes from the organization file (SWITCHYARD_TEAMS_FILE), or is given as repositories and Jira
 * keys. The period is this calendar month (UTC) unless one is given.
 */
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { Command } from 'commander';
import { loadConfig } from '../../config/index.ts';
import { projectScope } from '../../sinks/clickhouse/dora/projectScope.ts';
import { doraRules, type DoraRules } from '../../sinks/clickhouse/dora/rules.ts';
import { clickhouseQueries, type Scope } from '../../sinks/clickhouse/queries.ts';
import { readOrganizationFile } from '../../sinks/organization.ts';
import { doraTable } from '../doraTable.ts';
import { periodOf } from '../period.ts';

interface DoraOptions {
  readonly project?: string;
  readonly repository: string[];
  readonly jiraKey: string[];
  readonly month?: string;
  readonly from?: string;
  readonly to?: string;
  readonly json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function doraCommand(): Command {
  return new Command('dora')
    .description("a project's DORA metrics (DevLake's definitions) for a month or a period, from ClickHouse")
    .option('--project <key or name>', 'a project of the organization file (SWITCHYARD_TEAMS_FILE)')
    .option('--repository <owner/name>', 'a repository of the scope (repeatable), instead of --project', collect, [])
    .option('--jira-key <KEY>', 'a Jira project key of the scope (repeatable), instead of --project', collect, [])
    .option('--month <YYYY-MM>', 'a calendar month, UTC (default: this month)')
    .option('--from <date>', 'start of the period, inclusive (ISO date or time, UTC)')
    .option('--to <date>', 'end of the period, exclusive')
    .option('--json', 'print the figures as JSON')
    .action(async (options: DoraOptions) => {
      const period = periodOf(options, Date.now());
      const config = loadConfig(process.env, { stores: ['clickhouse', 'postgres'] });
      const { scope, rules, label } = await scopeOf(options, config.stores.postgres.teamsFile);
      const ch = config.stores.clickhouse;
      // Read only: no DDL (a reporting user may be readonly=1); the reads cope with an older release's tables.
      const client = createClient({ url: ch.url, username: ch.username, password: ch.password, request_timeout: ch.requestTimeoutMs, log: { level: ClickHouseLogLevel.OFF } });
      try {
        const metrics = await clickhouseQueries(client, ch.database).dora(scope, period, rules);
        const soFar = Date.now() < period.to;
        console.log(options.json ? JSON.stringify({ scope, period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString(), soFar }, ...metrics }, null, 2) : doraTable(label, period, metrics));
      } finally {
        await client.close();
      }
    });
}

async function scopeOf(options: DoraOptions, teamsFile: string | undefined): Promise<{ scope: Scope; rules: DoraRules; label: string }> {
  if (options.project !== undefined) {
    if (teamsFile === undefined) throw new Error('--project needs the organization file: set SWITCHYARD_TEAMS_FILE, or give --repository and --jira-key');
    const found = projectScope(await readOrganizationFile(teamsFile), options.project);
    return { scope: found.scope, rules: found.rules, label: found.project.name ?? found.project.key };
  }
  if (options.repository.length === 0 && options.jiraKey.length === 0) throw new Error('say which work: --project, or --repository and/or --jira-key');
  return { scope: { repositories: options.repository, jiraKeys: options.jiraKey }, rules: doraRules(), label: [...options.repository, ...options.jiraKey].join(', ') };
}

/**
 * The Grafana files hang together without a Grafana: the provisioning YAML parses, the dashboards
 * provider reads the folder docker-compose.yml mounts grafana/dashboards at, every panel and
 * variable uses the provisioned datasource's uid, and the datasource reads ClickHouse as the user
 * compose's ClickHouse defines for it. The SQL itself runs in dashboards.stack.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { expandQuery } from './testing/expandQuery.ts';

const root = path.resolve(import.meta.dirname, '..');
const yaml = (file: string) => load(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

interface Compose { services: Record<string, { profiles?: string[]; image?: string; volumes?: string[]; environment?: Record<string, string> }> }
interface DatasourceFile { apiVersion: number; datasources: { name: string; type: string; uid: string; jsonData: Record<string, unknown>; secureJsonData: Record<string, unknown> }[] }
interface ProviderFile { apiVersion: number; providers: { type: string; options: { path: string } }[] }
interface Dashboard { uid: string; templating: { list: { name: string; datasource: { uid: string } }[] }; panels: { id: number; title: string; description: string; datasource: { uid: string }; targets: { datasource: { uid: string }; rawSql: string }[] }[] }

const compose = yaml('docker-compose.yml') as unknown as Compose;
const datasources = yaml('grafana/provisioning/datasources/clickhouse.yaml') as unknown as DatasourceFile;
const providers = yaml('grafana/provisioning/dashboards/switchyard.yaml') as unknown as ProviderFile;
const dashboardFiles = readdirSync(path.join(root, 'grafana/dashboards')).filter((f) => f.endsWith('.json'));
const dashboards = dashboardFiles.map((f) => JSON.parse(readFileSync(path.join(root, 'grafana/dashboards', f), 'utf8')) as Dashboard);

/** Where a compose service mounts a host path (`./a:/b:ro` → `/b`). */
function mountOf(service: string, hostPath: string): string | undefined {
  const volume = compose.services[service]?.volumes?.find((v) => v.split(':')[0] === hostPath);
  return volume?.split(':')[1];
}

describe('provisioning', () => {
  it('provisions one ClickHouse datasource through the official plugin, its settings from the environment', () => {
    expect(datasources.apiVersion).toBe(1);
    expect(datasources.datasources).toHaveLength(1);
    const [source] = datasources.datasources;
    expect(source).toMatchObject({ type: 'grafana-clickhouse-datasource', uid: 'switchyard-clickhouse' });
    // Every connection setting comes from Grafana's environment (no host or password written here).
    for (const key of ['host', 'port', 'username', 'defaultDatabase']) expect(source?.jsonData[key]).toMatch(/^\$\{SWITCHYARD_GRAFANA_CLICKHOUSE_\w+\}$/);
    expect(source?.secureJsonData.password).toBe('${SWITCHYARD_GRAFANA_CLICKHOUSE_PASSWORD}');
  });

  it('the compose service sets every variable the datasource reads, as the Grafana user compose ClickHouse defines', () => {
    const grafana = compose.services.grafana;
    const source = JSON.stringify(datasources.datasources[0]);
    const read = [...source.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] as string);
    expect(read.length).toBeGreaterThan(0);
    for (const variable of read) expect(grafana?.environment, variable).toHaveProperty(variable);
    expect(grafana?.environment?.SWITCHYARD_GRAFANA_CLICKHOUSE_HOST).toBe('clickhouse');
    const user = grafana?.environment?.SWITCHYARD_GRAFANA_CLICKHOUSE_USER as string;
    const usersFile = mountOf('clickhouse', './grafana/clickhouse/switchyard_grafana.xml');
    expect(usersFile).toBe('/etc/clickhouse-server/users.d/switchyard_grafana.xml');
    const xml = readFileSync(path.join(root, 'grafana/clickhouse/switchyard_grafana.xml'), 'utf8');
    expect(xml).toContain(`<${user}>`);
    // readonly=1 with the one setting the plugin sends made changeable (the XML says why).
    expect(xml).toMatch(/<readonly>1<\/readonly>/);
    expect(xml).toMatch(/<max_execution_time>\s*<max>60<\/max>\s*<changeable_in_readonly\/>/);
    expect(Number(datasources.datasources[0]?.jsonData.queryTimeout)).toBeLessThanOrEqual(60);
  });

  it('loads dashboards from the folder compose mounts grafana/dashboards at, under a profile of its own', () => {
    expect(providers.providers).toHaveLength(1);
    expect(providers.providers[0]?.type).toBe('file');
    expect(mountOf('grafana', './grafana/dashboards')).toBe(providers.providers[0]?.options.path);
    expect(mountOf('grafana', './grafana/provisioning/datasources')).toBe('/etc/grafana/provisioning/datasources');
    expect(mountOf('grafana', './grafana/provisioning/dashboards')).toBe('/etc/grafana/provisioning/dashboards');
    expect(compose.services.grafana?.profiles).toEqual(['grafana']);
    expect(compose.services.grafana?.image).toMatch(/^grafana\/grafana-oss:\d+\.\d+\.\d+$/);
  });
});

describe('dashboards', () => {
  it('exist, each panel and variable on the provisioned datasource', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    const uid = datasources.datasources[0]?.uid;
    for (const dashboard of dashboards) {
      for (const variable of dashboard.templating.list) expect(variable.datasource.uid, variable.name).toBe(uid);
      for (const panel of dashboard.panels) {
        expect(panel.datasource.uid, panel.title).toBe(uid);
        expect(panel.targets.length, panel.title).toBeGreaterThan(0);
        for (const target of panel.targets) expect(target.datasource.uid, panel.title).toBe(uid);
      }
    }
  });

  it('says of every approximate DORA panel that it is one, and where the exact figure is', () => {
    const dora = dashboards.flatMap((d) => d.panels).filter((p) => /approx\./.test(p.title));
    expect(dora.map((p) => p.title.split(' (')[0])).toEqual(['Deployment frequency', 'Lead time for changes', 'Change failure rate', 'Time to restore service']);
    for (const panel of dora) expect(panel.description, panel.title).toMatch(/switchyard dora.*dora_metrics/);
  });
});

describe('expandQuery', () => {
  const range = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-31T00:00:00Z'), intervalSeconds: 3600 };
  const repository = (selected: readonly string[] | 'all') => ({ repository: { options: ['acme/api', "o'neil/x"], selected } });
  const sql = 'SELECT 1 FROM t WHERE $__timeFilter(at) AND $__conditionalAll(repository IN (${repository:singlequote}), $repository) GROUP BY $__interval_s';

  it('expands the time filter, the interval and a chosen repository as the plugin documents them', () => {
    expect(expandQuery(sql, { ...range, variables: repository(["o'neil/x"]) })).toBe(
      "SELECT 1 FROM t WHERE at >= toDateTime(1740787200) AND at <= toDateTime(1743379200) AND repository IN ('o\\'neil/x') GROUP BY 3600",
    );
  });

  it('turns the condition into 1=1 when All is chosen, and lists every option where All stands alone', () => {
    expect(expandQuery(sql, { ...range, variables: repository('all') })).toContain('AND 1=1 GROUP BY');
    expect(expandQuery('x IN (${repository:singlequote}) AND y = $repository', { ...range, variables: repository('all') })).toBe("x IN ('acme/api','o\\'neil/x') AND y = acme/api,o'neil/x");
  });

  it('refuses a macro or variable it does not know, naming it', () => {
    expect(() => expandQuery('SELECT $__timeInterval(at)', { ...range, variables: {} })).toThrow('"$__timeInterval" is not expanded here');
    expect(() => expandQuery('SELECT $project', { ...range, variables: {} })).toThrow('$project: no value given');
    expect(() => expandQuery('SELECT $__timeFilter(a, b)', { ...range, variables: {} })).toThrow('expected 1 argument, received 2');
  });
});

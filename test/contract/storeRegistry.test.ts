/**
 * A store listed in sinks/registry.ts is part of everything that iterates the stores, with no
 * other edit: configuration validation, `.env.example`, redaction, the routing table, worker
 * assembly, chaos isolation and the audits. The throwaway "ledger" store
 * (test/fixtures/throwaway-store/) is added to the registry here, as its one line would be.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';

vi.mock('../../sinks/registry.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../sinks/registry.ts')>();
  const { ledgerStore: ledger } = await import('../fixtures/throwaway-store/index.ts');
  const STORES = [...actual.STORES, ledger];
  return { ...actual, STORES, STORE_NAMES: STORES.map((s) => s.name), storeNamed: (name: string) => STORES.find((s) => s.name === name) };
});

const { ConfigError, loadConfig, redactedConfig } = await import('../../config/index.ts');
const { renderEnvExample } = await import('../../config/envExample.ts');
const { routingTableMarkdown, storesFor } = await import('../../topology/routing.ts');
const { SUB_TOPOLOGIES } = await import('../../worker/selection.ts');
const { sinksFor } = await import('../../worker/assemble.ts');
const { storeAudits } = await import('../../chaos/audits.ts');
const { isolation } = await import('../../chaos/isolation.ts');

const TOKEN = 'ledger-s3cr3t-token';

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const commit = (sha: string): EngEvent =>
  ({ eventId: `github.commit.pushed:acme/app:${sha}`, type: 'commit.pushed', occurredAt: 0, source: 'github', actor: null, repository: 'acme/app', projectKey: null, deliveryId: 'd', payload: { sha, message: `Fix the ledger ${sha}`, distinct: true } }) as unknown as EngEvent;

describe('a store added to sinks/registry.ts', () => {
  it('is validated with the rest of the configuration, its secret never echoed', () => {
    expect(problemsOf({})).toContainEqual({ variable: 'LEDGER_TOKEN', message: 'must be set' });
    expect(problemsOf({ LEDGER_TOKEN: 'short', LEDGER_URL: 'http://x' })).toEqual(
      expect.arrayContaining([
        { variable: 'LEDGER_TOKEN', message: 'must be at least 8 characters', value: 'redacted' },
        { variable: 'LEDGER_URL', message: 'must be a ledger:// URL', value: 'http://x' },
      ]),
    );
    expect(problemsOf({ LEDGER_TOKEN: TOKEN, SWITCHYARD_SINK_LEDGER_BATCH_MAX_RECORDS: '0' })).toContainEqual(expect.objectContaining({ variable: 'SWITCHYARD_SINK_LEDGER_BATCH_MAX_RECORDS' }));
  });

  it('is listed in .env.example with its settings and its sink settings', () => {
    const example = renderEnvExample();
    expect(example).toContain('## Ledger (a throwaway store)');
    expect(example).toContain('# LEDGER_URL=ledger://127.0.0.1:7777\n');
    expect(example).toMatch(/# Its access token \(secret\)\n# LEDGER_TOKEN=\n/);
    expect(example).toContain('# SWITCHYARD_SINK_LEDGER_BATCH_MAX_RECORDS=10\n');
  });

  it('is redacted by its own rule', () => {
    const config = loadConfig({ LEDGER_TOKEN: TOKEN });
    expect(redactedConfig(config).ledger).toEqual({ url: 'ledger://127.0.0.1:7777', token: 'redacted' });
    expect(JSON.stringify(redactedConfig(config))).not.toContain(TOKEN);
  });

  it('is a column of the routing table, drawn from its handlers', () => {
    expect(routingTableMarkdown().split('\n')[0]).toMatch(/\| Ledger \|$/);
    expect(routingTableMarkdown()).toMatch(/^\| GitHub Commit \|.*\| ✓ Keep the sha \|$/m);
    expect(storesFor(commit('a1'))).toContain('ledger');
  });

  it('is assembled into a sub-topology of its own, and audited', async () => {
    expect(SUB_TOPOLOGIES).toContain('sink:ledger');
    const config = loadConfig({ LEDGER_TOKEN: TOKEN }, { stores: ['ledger' as never] });
    const [sink] = sinksFor(config, ['sink:ledger' as never]);
    expect(sink?.store).toBe('ledger');
    await sink!.write([commit('a1')]);
    // The audit builds its own sink as the worker does: a fresh in-memory ledger holds nothing yet.
    const audit = storeAudits(config, [commit('a1'), commit('b2')]);
    expect(audit.audits).toHaveLength(1);
    expect(await audit.audits[0]!()).toMatchObject({ store: 'ledger', expected: 2, missing: 2, ok: false });
    await audit.close();
  });

  it('gets its own corner in a chaos or bench run', () => {
    expect(isolation('chaos-1', 9999).env.LEDGER_URL).toBe('ledger://127.0.0.1:7777/chaos-1');
  });
});

/**
 * Every good event exactly once in every store, where "good" depends on the store: a poison
 * event is good everywhere but in the store that must refuse it (the 9 KB key in Neo4j, the NUL
 * in PostgreSQL), so each store is audited (its descriptor's `audit`, as chaos/audits.ts does)
 * against the expected events minus the ones dead-lettered by its own sink. Audits are repeated
 * for `settleMs` while they fail, since a store may still be settling what it acknowledged.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import type { AuditResult } from '../../audit/index.ts';
import { findings } from '../../audit/result.ts';
import type { SwitchyardConfig } from '../../config/index.ts';
import { STORES } from '../../sinks/registry.ts';
import type { AnyStore } from '../../sinks/store.ts';
import { sinkOf } from '../../worker/assemble.ts';

export async function auditStores(
  config: SwitchyardConfig,
  events: readonly EngEvent[],
  refusedBy: (store: string) => ReadonlySet<string>,
  options: { settleMs: number; log: (line: string) => void },
): Promise<AuditResult[]> {
  const stores = (STORES as readonly AnyStore[]).filter((store) => config.selected.includes(store.name as never)).map((store) => ({ store, sink: sinkOf(store, config) }));
  try {
    const deadline = Date.now() + options.settleMs;
    const results: AuditResult[] = [];
    for (const { store, sink } of stores) {
      const refused = refusedBy(store.name);
      const kept = refused.size === 0 ? events : events.filter((e) => !refused.has(e.eventId));
      const audit = () => store.audit(sink, kept).catch((error: unknown) => failedAudit(store.name, kept.length, error));
      let result = await audit();
      while (!result.ok && Date.now() < deadline) {
        options.log(`  ${result.store}: not yet (${result.missing} missing, ${result.duplicated} duplicated, ${result.mismatched} mismatched); auditing again in 5 s`);
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        result = await audit();
      }
      results.push(result);
    }
    return results;
  } finally {
    await Promise.all(stores.map(({ sink }) => sink.close().catch(() => {})));
  }
}

/** An audit that threw is a failed audit that says why, not a crashed run. */
function failedAudit(store: string, expected: number, error: unknown): AuditResult {
  const found = findings(store);
  found.mismatched(`the audit itself failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 400));
  return found.result(expected);
}

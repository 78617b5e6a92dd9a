/**
 * A sweep (normalizeSweep.ts) as a person reads it: one row per source and event, the kinds its
 * events became, and below the table every skip reason beside its event, then every dead letter
 * and unreadable file in full (a count alone would send the reader hunting).
 */
import type { SweepGroup, SweepTally } from './normalizeSweep.ts';
import { table } from './table.ts';

const kindsOf = (group: SweepGroup): string =>
  [...group.kinds.entries()].map(([kind, count]) => (count === 1 ? kind : `${kind} ×${count}`)).join(', ') || '-';

export function sweepReport(tally: SweepTally): string {
  const groups = [...tally.groups.values()];
  const rows = groups.map((g) => [g.source, g.eventName, String(g.webhooks), String(g.normalized), String(g.skipped), String(g.deadLetters), kindsOf(g)]);
  const sections = [table(['SOURCE', 'EVENT', 'WEBHOOKS', 'NORMALIZED', 'SKIPPED', 'DEAD LETTERS', 'EVENTS BY KIND'], rows)];

  const skips = groups.flatMap((g) => [...g.skipReasons.entries()].map(([reason, count]) => `  ${g.source} ${g.eventName}${count > 1 ? ` (×${count})` : ''}: ${reason}`));
  if (skips.length > 0) sections.push(`Skipped, and why:\n${skips.join('\n')}`);

  const failures = tally.failures.map((f) =>
    f.outcome === 'deadLetter' ? `  dead letter  ${f.origin} (${f.source} ${f.eventName}) at ${f.path ?? '$'}: ${f.reason}` : `  not read     ${f.origin}: ${f.reason}`,
  );
  if (failures.length > 0) sections.push(`Would be dead-lettered or could not be read:\n${failures.join('\n')}`);

  if (tally.ignored.length > 0) sections.push(`Not webhook files (ignored):\n${tally.ignored.map((i) => `  ${i.reason}`).join('\n')}`);
  return sections.join('\n\n');
}

/**
 * Does the vector store hold what each event it keeps should leave, folded once? What that is
 * comes from the sink's own handlers (handlers.ts).
 *
 * - Developer profiles (profiles.ts): each developer an event credits has a profile; its ledger
 *   holds no event id twice; each credit newer than the profile's watermark is in the ledger; and
 *   its counts equal the credits of each kind — a replay that re-added an event shows as a count
 *   above them. Credits at or below the watermark were dropped from the ledger (or, arriving
 *   late for the first time, never counted: profiles.ts's documented price), so they can be
 *   neither found nor excluded: a count short by no more than their number is a note, not a
 *   failure. When the ledger holds events outside the audit (a shared store), counts are not
 *   compared (noted).
 * - Project docs (projectDocs.ts): each page ends as the sink's rule leaves it after the given
 *   events in their order (a delete removes; an upsert applies unless the stored page is newer):
 *   present with that `lastEditedAt`, or absent. An `unfetched` change leaves a page as it was,
 *   so it is not expected to show.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { distinctById, findings, type AuditResult } from '../../audit/result.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { creditOf, vectorHandlers } from './handlers.ts';
import { profileFromRecord, type ContributionKind, type Credit } from './profiles.ts';
import type { VectorSink } from './sink.ts';
import { NAMESPACES } from './store.ts';

const KINDS: readonly ContributionKind[] = ['commit', 'pull_request', 'jira_issue'];

/** Reads through the sink's `vectorStore`. */
export async function auditVectors(sink: Pick<VectorSink, 'vectorStore'>, events: readonly EngEvent[]): Promise<AuditResult> {
  const store = sink.vectorStore;
  const kept = distinctById(events.filter((e) => accepts(vectorHandlers, e)));
  const found = findings('pinecone');
  let expected = 0;

  const credits = new Map<string, Credit[]>();
  for (const event of kept) {
    const credit = creditOf(event);
    if (credit === undefined) continue;
    expected += 1;
    credits.set(credit.developer.key, [...(credits.get(credit.developer.key) ?? []), credit]);
  }
  const profiles = await store.fetch(NAMESPACES.developerProfiles, [...credits.keys()]);
  for (const [developer, list] of credits) {
    const record = profiles.get(developer);
    if (record === undefined) {
      for (const c of list) found.missing(`${c.contribution.eventId}: no profile ${developer}`);
      continue;
    }
    const profile = profileFromRecord(record);
    const inLedger = new Map<string, number>();
    for (const c of profile.ledger) inLedger.set(c.eventId, (inLedger.get(c.eventId) ?? 0) + 1);
    for (const [eventId, n] of inLedger) if (n > 1) found.duplicated(`${eventId}: profile ${developer} holds it ${n} times in its ledger`);
    const ours = new Set(list.map((c) => c.contribution.eventId));
    const foreign = [...inLedger.keys()].filter((id) => !ours.has(id)).length;
    const belowWatermark = (c: Credit) => profile.watermark !== null && (c.contribution.at < profile.watermark[0] || (c.contribution.at === profile.watermark[0] && c.contribution.eventId <= profile.watermark[1]));
    let unverifiable = 0;
    for (const c of list) {
      if (inLedger.has(c.contribution.eventId)) found.present();
      else if (belowWatermark(c)) {
        found.present(); // dropped from the ledger, as designed: counted in `counts` only
        unverifiable += 1;
      } else found.missing(`${c.contribution.eventId}: profile ${developer} lacks it (newer than its watermark)`);
    }
    if (foreign > 0) {
      found.note(`profile ${developer} also holds ${foreign} contribution(s) of events outside this audit: counts not compared`);
      continue;
    }
    for (const kind of KINDS) {
      const want = list.filter((c) => c.contribution.kind === kind).length;
      const have = profile.counts[kind];
      const dropped = list.filter((c) => c.contribution.kind === kind && belowWatermark(c)).length;
      if (have > want) found.mismatched(`profile ${developer} counts ${have} ${kind}(s), the events give ${want} (over-counted)`);
      else if (have < want - dropped) found.mismatched(`profile ${developer} counts ${have} ${kind}(s), the events give ${want} (under-counted)`);
      else if (have < want) found.note(`profile ${developer} counts ${have} of ${want} ${kind}(s); the ${want - have} missing are below its watermark (late first arrivals are not counted, profiles.ts)`);
    }
    if (unverifiable > 0) found.note(`profile ${developer}: ${unverifiable} contribution(s) are below its watermark, checked through its counts only`);
  }

  // Docs: the state each page should end in, replaying the sink's rule over the events in order.
  // `trashed` is what a delete moved to the trash, which a restore brings back; a move keeps the newer edit.
  type Edit = { eventId: string; lastEditedAt: number };
  const newer = (a: Edit | null, b: Edit | null): Edit | null => (a === null ? b : b === null || b.lastEditedAt < a.lastEditedAt ? a : b);
  const pages = new Map<string, { eventIds: string[]; last: Edit | null; trashed: Edit | null }>();
  for (const event of kept) {
    const change = rowsOf(vectorHandlers, event).find((row) => row.kind === 'upsert' || row.kind === 'delete' || row.kind === 'restore');
    if (change === undefined) continue;
    expected += 1;
    const page = pages.get(change.id) ?? { eventIds: [], last: null, trashed: null };
    page.eventIds.push(event.eventId);
    if (change.kind === 'delete') {
      page.trashed = newer(page.trashed, page.last);
      page.last = null;
    } else if (change.kind === 'restore') {
      page.last = newer(page.last, page.trashed);
      page.trashed = null;
    } else if (page.last === null || page.last.lastEditedAt <= change.lastEditedAt) page.last = { eventId: event.eventId, lastEditedAt: change.lastEditedAt };
    pages.set(change.id, page);
  }
  const docs = await store.fetch(NAMESPACES.projectDocs, [...pages.keys()]);
  for (const [id, page] of pages) {
    const held = docs.get(id);
    if (page.last === null) {
      if (held === undefined) found.present(page.eventIds.length);
      else found.mismatched(`project doc ${id} is present, but its last event (${page.eventIds.at(-1)}) deleted it`);
    } else if (held === undefined) {
      for (const eventId of page.eventIds) found.missing(`${eventId}: no project doc ${id}`);
    } else {
      found.present(page.eventIds.length);
      const at = held.metadata.lastEditedAt;
      if (typeof at !== 'number' || at < page.last.lastEditedAt) found.mismatched(`project doc ${id} is as of ${String(at)}, older than ${page.last.eventId} (${page.last.lastEditedAt})`);
    }
  }
  return found.result(expected);
}

/**
 * The vector sink (DESIGN.md "Stores"): the `Sink` for the `pinecone` column of the routing
 * table, writing what its handlers make of each event (handlers.ts) — credits to developer
 * profiles (profiles.ts) and changes of project docs (projectDocs.ts) — into any VectorStore
 * (Pinecone or pgvector) with any Embedder.
 *
 * `write` is idempotent: writing the same events again leaves the same ids, vectors and metadata.
 * Docs are a function of their latest event (an older `lastEditedAt` than the stored page's is
 * skipped); profiles fold events into a ledger that recognises a replay (profiles.ts), and a
 * profile the batch does not change is not written at all. Within a batch, events apply in order:
 * of a page's edits in a row the last wins, and each developer is read, folded and written once.
 * A delete, a restore and a page move start from what is stored (a delete puts the stored page in
 * the trash, a restore takes it back out, a move re-files it), so a change of a page that has one
 * pending, unless both are edits, first writes the changes gathered so far: the batch ends as the
 * events one at a time would leave it.
 *
 * Profiles are read, changed and written back, so two workers writing the same developer at once
 * could lose one's update; the sink sub-topology runs one writer per partition, and events of one
 * developer across repositories can meet that case — a replay repairs it.
 */
import type { EngEvent } from '../../avro/generated/types.ts';
import { messageOf } from '../../operators/errors.ts';
import { rowsOf } from '../handlers.ts';
import type { Sink, SinkHealth, StoreSummary } from '../sink.ts';
import type { Embedder } from './embedder.ts';
import { vectorHandlers, type VectorRow } from './handlers.ts';
import { foldProfile, profileFromRecord, profileMetadata, profileText } from './profiles.ts';
import type { Credit, Profile } from './profiles.ts';
import { movedMetadata, type DocChange } from './projectDocs.ts';
import { NAMESPACES } from './store.ts';
import type { VectorRecord, VectorStore } from './store.ts';

export interface VectorSinkOptions {
  readonly store: VectorStore;
  readonly embedder: Embedder;
  /** Why this embedder, for health: e.g. "EMBEDDINGS=openai", "no key set: the offline default". */
  readonly embedderReason?: string;
  /** Where the store is, without credentials, for `summary()`: e.g. "pgvector at postgres://db:5432/vectors". */
  readonly where?: string;
}

export interface VectorSink extends Sink {
  /** The store written to, for audits and tests; the sink owns it and closes it. */
  readonly vectorStore: VectorStore;
  /** Records per namespace (developer profiles, project docs), from the store's own description. */
  summary(): Promise<StoreSummary>;
}

export function vectorSink(options: VectorSinkOptions): VectorSink {
  const { store, embedder } = options;

  const writeDocs = async (changes: ReadonlyMap<string, DocChange>) => {
    const deletes = [...changes.values()].filter((c) => c.kind === 'delete').map((c) => c.id);
    const restores = [...changes.values()].filter((c) => c.kind === 'restore').map((c) => c.id);
    const moves = [...changes.values()].filter((c) => c.kind === 'move');
    let upserts = [...changes.values()].filter((c) => c.kind === 'upsert');
    if (upserts.length > 0) {
      const stored = await store.fetch(NAMESPACES.projectDocs, upserts.map((c) => c.id));
      upserts = upserts.filter((c) => {
        const editedAt = stored.get(c.id)?.metadata.lastEditedAt;
        return typeof editedAt !== 'number' || editedAt <= c.lastEditedAt;
      });
      const vectors = await embedder.embed(upserts.map((c) => c.text), 'passage');
      await store.upsert(NAMESPACES.projectDocs, upserts.map((c, i): VectorRecord => ({ id: c.id, values: vectors[i]!, metadata: c.metadata })));
    }
    if (deletes.length > 0) await transferDocs(NAMESPACES.projectDocs, NAMESPACES.trashedDocs, deletes);
    if (restores.length > 0) await transferDocs(NAMESPACES.trashedDocs, NAMESPACES.projectDocs, restores);
    if (moves.length > 0) {
      // A page not stored (never fetched, or in the trash) has nothing to re-file; an older move than the stored edit is stale.
      const stored = await store.fetch(NAMESPACES.projectDocs, moves.map((c) => c.id));
      const refiled = moves.flatMap((c): VectorRecord[] => {
        const record = stored.get(c.id);
        const editedAt = record?.metadata.lastEditedAt;
        return record === undefined || (typeof editedAt === 'number' && editedAt > c.lastEditedAt) ? [] : [{ ...record, metadata: movedMetadata(record.metadata, c.parent, c.lastEditedAt) }];
      });
      if (refiled.length > 0) await store.upsert(NAMESPACES.projectDocs, refiled);
    }
  };

  /**
   * Transfers pages between project_docs and its trash. Where the destination holds the page already
   * (a replayed delete, an older update replayed after one), the newer edit stays, as for any
   * update; the source's copy goes. Replaying a delete or a restore changes nothing.
   */
  const transferDocs = async (from: string, to: string, ids: readonly string[]) => {
    const found = await store.fetch(from, ids);
    if (found.size > 0) {
      const held = await store.fetch(to, [...found.keys()]);
      const editedAt = (record: VectorRecord | undefined) => (typeof record?.metadata.lastEditedAt === 'number' ? record.metadata.lastEditedAt : -Infinity);
      const moving = [...found.values()].filter((record) => editedAt(held.get(record.id)) <= editedAt(record));
      if (moving.length > 0) await store.upsert(to, moving);
    }
    await store.delete(from, ids);
  };

  const writeProfiles = async (credits: ReadonlyMap<string, Credit[]>) => {
    if (credits.size === 0) return;
    const stored = await store.fetch(NAMESPACES.developerProfiles, [...credits.keys()]);
    const changed: Profile[] = [];
    for (const [key, list] of credits) {
      const previous = stored.get(key);
      const next = foldProfile(previous ? profileFromRecord(previous) : undefined, list);
      if (next) changed.push(next);
    }
    if (changed.length === 0) return;
    const vectors = await embedder.embed(changed.map(profileText), 'passage');
    await store.upsert(NAMESPACES.developerProfiles, changed.map((p, i): VectorRecord => ({ id: p.developer, values: vectors[i]!, metadata: profileMetadata(p) })));
  };

  return {
    store: 'pinecone',
    vectorStore: store,
    init: () => store.init(),

    async write(events: readonly EngEvent[]) {
      const docs = new Map<string, DocChange>();
      const credits = new Map<string, Credit[]>();
      // Changes are gathered per page; `flushes` holds, in order, the gatherings written before a later change of one of their pages.
      const flushes: Map<string, DocChange>[] = [];
      const change = (doc: DocChange) => {
        const pending = docs.get(doc.id);
        if (pending !== undefined && (pending.kind !== 'upsert' || doc.kind !== 'upsert')) {
          flushes.push(new Map(docs));
          docs.clear();
        }
        docs.delete(doc.id); // keep the map in order of last change
        docs.set(doc.id, doc);
      };
      // Keyed by every kind of row, so a new kind does not compile until it is applied here.
      const apply: { readonly [K in VectorRow['kind']]: (row: Extract<VectorRow, { kind: K }>) => void } = {
        credit: ({ credit }) => credits.set(credit.developer.key, [...(credits.get(credit.developer.key) ?? []), credit]),
        upsert: change,
        delete: change,
        restore: change,
        move: change,
        unfetched: () => {}, // nothing to embed: the stored vector stays (projectDocs.ts)
      };
      for (const event of events) for (const row of rowsOf(vectorHandlers, event)) apply[row.kind](row as never);
      for (const gathered of [...flushes, docs]) if (gathered.size > 0) await writeDocs(gathered);
      await writeProfiles(credits);
    },

    async health(): Promise<SinkHealth> {
      const embeddings = `embeddings: ${embedder.name}${options.embedderReason ? ` — ${options.embedderReason}` : ''}`;
      try {
        const description = await store.describe();
        const counts = Object.entries(description.namespaces)
          .map(([name, n]) => `${name}=${n}`)
          .join(', ');
        const detail = `${description.kind}; ${embeddings}; records: ${counts || 'none'}`;
        if (description.dimension !== undefined && description.dimension !== embedder.dimension) {
          return { healthy: false, version: description.version, detail: `store dimension ${description.dimension} ≠ embedder's ${embedder.dimension}; ${detail}` };
        }
        return { healthy: true, version: description.version, detail };
      } catch (error) {
        return { healthy: false, detail: `${store.kind} unreachable: ${messageOf(error)}; ${embeddings}` };
      }
    },

    async summary(): Promise<StoreSummary> {
      const { namespaces } = await store.describe();
      const rows: Record<string, number> = {};
      for (const namespace of Object.values(NAMESPACES)) rows[namespace] = namespaces[namespace] ?? 0;
      return { rows, where: options.where ?? store.kind };
    },

    close: () => store.close(),
  };
}

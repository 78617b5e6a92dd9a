/** What the vector store keeps of each kind, and that every event it keeps leaves something. */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { creditOf, vectorHandlers } from './handlers.ts';
import { EVENTS, alice, commit, notionPage } from './testing/testEvents.ts';

const kept = EVENTS.filter((e) => accepts(vectorHandlers, e));

describe('vectorHandlers', () => {
  it('keeps substantial commits, merged pull requests, completed issues and pages, and makes rows of every one', () => {
    expect(EVENTS.length - kept.length).toBe(2); // the merge commit, and WEB-16 only In Review
    expect([...new Set(kept.map((e) => e.type))].sort()).toEqual(['commit.pushed', 'issue.updated', 'page.created', 'page.deleted', 'page.updated', 'pull_request.merged']);
    for (const event of kept) expect(rowsOf(vectorHandlers, event), event.eventId).not.toHaveLength(0);
  });

  it('keeps a page Notion could not fetch as a change that leaves its vector alone', () => {
    expect(rowsOf(vectorHandlers, notionPage('page.updated', 'page-x', null, null, 5))).toEqual([{ kind: 'unfetched', id: 'page-x', lastEditedAt: 5 }]);
  });

  it('keys a profile by the identity’s source, and a git author known by email only as git', () => {
    const gitlab = { ...alice, source: 'gitlab' };
    expect(creditOf(commit('g1', gitlab, 'acme/ingest', 'Tune the consumer fetch sizes', 0))?.developer).toMatchObject({ key: 'gitlab:alice', source: 'gitlab' });
    const emailOnly = { ...alice, login: null, email: 'Alice@Example.com' };
    expect(creditOf(commit('e1', emailOnly, 'acme/ingest', 'Tune the consumer fetch sizes', 0))?.developer).toMatchObject({ key: 'email:alice@example.com', source: 'git' });
  });

  it('credits nobody for an event it does not keep', () => {
    const opened = { ...EVENTS[0]!, type: 'pull_request.opened' } as unknown as EngEvent;
    expect(rowsOf(vectorHandlers, opened)).toEqual([]);
  });
});

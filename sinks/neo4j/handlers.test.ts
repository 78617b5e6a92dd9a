/** What the graph keeps of each kind: a trace of every event it accepts, even one that links nobody. */
import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { accepts, rowsOf } from '../handlers.ts';
import { neo4jHandlers } from './handlers.ts';
import { events, person } from './testing/testScenario.ts';

const withPayload = (event: EngEvent, payload: object): EngEvent => ({ ...event, payload: { ...event.payload, ...payload } }) as EngEvent;
const ofType = (type: EngEvent['type']) => events.find((e) => e.type === type)!;

describe('neo4jHandlers', () => {
  it('keeps commits, reviews, merges, Jira issues and pages, and makes facts of every one', () => {
    expect([...new Set(events.filter((e) => accepts(neo4jHandlers, e)).map((e) => e.type))].sort()).toEqual([
      'commit.pushed', 'issue.created', 'issue.updated', 'page.created', 'page.deleted', 'page.updated', 'pull_request.merged', 'review.submitted',
    ]);
    for (const event of events.filter((e) => accepts(neo4jHandlers, e))) expect(rowsOf(neo4jHandlers, event), event.eventId).not.toHaveLength(0);
  });

  it('keeps the person of a self-review or self-merge, who links nobody', () => {
    const zed = person('Zed');
    const review = withPayload(ofType('review.submitted'), { reviewer: zed, pullRequestAuthor: zed });
    expect(rowsOf(neo4jHandlers, review)).toEqual([{ statement: 'developers', row: { key: 'github:zed', login: 'Zed', displayName: 'Zed' } }]);
    const merge = ofType('pull_request.merged') as Extract<EngEvent, { type: 'pull_request.merged' }>;
    const selfMerge = withPayload(merge, { mergedBy: null, pullRequest: { ...merge.payload.pullRequest, author: zed } });
    expect(rowsOf(neo4jHandlers, selfMerge)).toEqual([{ statement: 'developers', row: { key: 'github:zed', login: 'Zed', displayName: 'Zed' } }]);
  });

  it('keeps the repository of a commit by nobody a source could name', () => {
    const nobody = { source: 'github', accountId: null, login: null, displayName: 'Somebody', email: null };
    expect(rowsOf(neo4jHandlers, withPayload(ofType('commit.pushed'), { author: nobody }))).toEqual([{ statement: 'repositories', row: { fullName: 'acme/platform' } }]);
  });

  it('keys people by source: a GitLab login is not the GitHub login that reads alike', () => {
    const gitlab = { ...person('alice'), source: 'gitlab' };
    expect(rowsOf(neo4jHandlers, withPayload(ofType('commit.pushed'), { author: gitlab }))).toMatchObject([{ statement: 'contributions', row: { developer: { key: 'gitlab:alice' } } }]);
  });
});

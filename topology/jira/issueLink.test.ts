import { describe, expect, it } from 'vitest';
import type { EngEvent, JiraIssueLinkType } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer, rawWebhook } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';
import { issueLinkDependency } from './issueLinkDependency.ts';
import { jiraKey } from './webhooks.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-link-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

const blocks: JiraIssueLinkType = { id: '10000', name: 'Blocks', outwardName: 'blocks', inwardName: 'is blocked by', subTask: false, system: false };

describe('issuelink_created / issuelink_deleted', () => {
  it('issuelink_created (Blocks) → issue_link.created, field by field: 10460 waits for 10456', () => {
    expect(events(normalize('issuelink_created.json', 'issuelink_created'))).toEqual([
      {
        eventId: 'jira.issue_link.created:10030',
        type: 'issue_link.created',
        occurredAt: 1715000400000,
        source: 'jira',
        actor: null,
        repository: null,
        projectKey: null,
        deliveryId: 'delivery-link-1',
        payload: {
          linkId: '10030',
          sourceIssueId: '10456',
          destinationIssueId: '10460',
          linkType: blocks,
          dependency: { dependentIssueId: '10460', dependsOnIssueId: '10456' },
        },
      },
    ]);
  });

  it('issuelink_deleted → issue_link.deleted of the same link, with an id of its own', () => {
    const [deleted] = events(normalize('issuelink_deleted.json', 'issuelink_deleted'));
    expect(deleted).toMatchObject({
      eventId: 'jira.issue_link.deleted:10030',
      type: 'issue_link.deleted',
      occurredAt: 1715173200000,
      payload: { linkId: '10030', sourceIssueId: '10456', destinationIssueId: '10460', linkType: blocks, dependency: { dependentIssueId: '10460', dependsOnIssueId: '10456' } },
    });
  });

  it('a Relates link is no dependency', () => {
    const [related] = events(normalize('issuelink_created.relates.json', 'issuelink_created'));
    expect(related?.payload).toEqual({
      linkId: '10031',
      sourceIssueId: '10456',
      destinationIssueId: '10471',
      linkType: { id: '10003', name: 'Relates', outwardName: 'relates to', inwardName: 'relates to', subTask: false, system: false },
      dependency: null,
    });
  });

  it('gives the same ids on redelivery and for ids sent as strings; the actor is the webhook user when there is one', () => {
    const first = events(normalize('issuelink_created.json', 'issuelink_created'));
    const again = events(normalize('issuelink_created.json', 'issuelink_created'));
    expect(again).toEqual(first);
    const asStrings = events(
      normalize('issuelink_created.json', 'issuelink_created', (body) => {
        body.issueLink.id = '10030';
        body.issueLink.sourceIssueId = '10456';
        body.user = { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' };
      }),
    );
    expect(asStrings[0]?.eventId).toBe(first[0]?.eventId);
    expect(asStrings[0]?.payload).toEqual(first[0]?.payload);
    expect(asStrings[0]?.actor).toEqual({ source: 'jira', accountId: '5b10a2844c20165700ede21g', login: null, displayName: 'Mia Krystof', email: null });
  });

  it('is keyed by the link, so its deletion follows its creation on one partition', () => {
    expect(jiraKey({ webhookEvent: 'issuelink_created', issueLink: { id: 10030 } })).toBe('link-10030');
    expect(jiraKey({ webhookEvent: 'issuelink_deleted', issueLink: { id: '10030' } })).toBe('link-10030');
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, string, (body: any) => void][] = [
      ['issuelink_created.json', 'issuelink_created', '$.issueLink', (body) => delete body.issueLink],
      ['issuelink_created.json', 'issuelink_created', '$.issueLink.id', (body) => (body.issueLink.id = 1.5)],
      ['issuelink_created.json', 'issuelink_created', '$.issueLink.sourceIssueId', (body) => delete body.issueLink.sourceIssueId],
      ['issuelink_created.json', 'issuelink_created', '$.issueLink.destinationIssueId', (body) => (body.issueLink.destinationIssueId = '')],
      ['issuelink_created.json', 'issuelink_created', '$.issueLink.issueLinkType.outwardName', (body) => delete body.issueLink.issueLinkType.outwardName],
      ['issuelink_created.json', 'issuelink_created', '$.issueLink.issueLinkType.isSubTaskLinkType', (body) => (body.issueLink.issueLinkType.isSubTaskLinkType = 'no')],
      ['issuelink_deleted.json', 'issuelink_deleted', '$.timestamp', (body) => delete body.timestamp],
      ['issuelink_created.json', 'issuelink_deleted', '$.webhookEvent', () => {}],
    ];
    it.each(cases)('%s as %s: %s', (file, eventName, path, edit) => {
      expect(normalize(file, eventName, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });

    it('a body that is not JSON at $', () => {
      expect(jira.normalize(rawWebhook('jira', 'issuelink_created', '{"issueLink":'))).toMatchObject({ kind: 'invalid', path: '$' });
    });
  });
});

describe('issueLinkDependency', () => {
  const type = (name: string, outwardName: string, inwardName: string, subTask = false): JiraIssueLinkType => ({ id: '1', name, outwardName, inwardName, subTask, system: false });
  const waits = (t: JiraIssueLinkType) => issueLinkDependency(t, 'S', 'D');

  it.each([
    ['Blocks', type('Blocks', 'blocks', 'is blocked by'), { dependentIssueId: 'D', dependsOnIssueId: 'S' }],
    ['a type defined the other way round', type('Blocked', 'is blocked by', 'blocks'), { dependentIssueId: 'S', dependsOnIssueId: 'D' }],
    ['depends on', type('Dependency', 'depends on', 'is depended on by'), { dependentIssueId: 'S', dependsOnIssueId: 'D' }],
    ['is a dependency of', type('Dependency', 'is a dependency of', 'depends on'), { dependentIssueId: 'D', dependsOnIssueId: 'S' }],
    ['read from the inward name', type('Prerequisite', 'must come first for', 'is blocked by'), { dependentIssueId: 'D', dependsOnIssueId: 'S' }],
    ['named Blocks with words of its own', type('Blocks', 'holds up', 'waits on'), { dependentIssueId: 'D', dependsOnIssueId: 'S' }],
  ])('%s', (_case, linkType, dependency) => {
    expect(waits(linkType)).toEqual(dependency);
  });

  it.each([
    ['Relates', type('Relates', 'relates to', 'relates to')],
    ['Duplicate', type('Duplicate', 'duplicates', 'is duplicated by')],
    ['Cloners', type('Cloners', 'clones', 'is cloned by')],
    ['the sub-task link', type('jira_subtask_link', 'jira_subtask_outward', 'jira_subtask_inward', true)],
  ])('%s is none', (_case, linkType) => {
    expect(waits(linkType)).toBeNull();
  });
});

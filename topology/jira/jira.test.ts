import { describe, expect, it } from 'vitest';
import type { EngEvent, Identity, JiraIssue } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { jira, jiraNormalizer } from './index.ts';
import { fixtureNormalizer, rawWebhook, readFixture } from '../testing/normalizerProperties.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

const normalize = fixtureNormalizer(jira, fixtures, 'delivery-jira-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

/** What every Jira event of these tests shares: its source, no repository, the test's delivery. */
const delivered = { source: 'jira', repository: null, deliveryId: 'delivery-jira-1' } as const;

const mia: Identity = { source: 'jira', accountId: '5b10a2844c20165700ede21g', login: null, displayName: 'Mia Krystof', email: null };
const emma: Identity = { source: 'jira', accountId: '5b10ac8d82e05b22cc7d4ef5', login: null, displayName: 'Emma Richards', email: null };
const emmaWithEmail: Identity = { ...emma, email: 'emma@example.com' };

/** PROJ-456 as jira-issue_created.json creates it; the status fixture moves it to Blocked. */
const proj456: JiraIssue = {
  issueId: '10456',
  issueKey: 'PROJ-456',
  projectKey: 'PROJ',
  summary: 'Card payments time out at checkout',
  issueType: 'Story',
  status: 'To Do',
  statusCategory: 'new',
  priority: 'High',
  assignee: null,
  reporter: mia,
  parentKey: 'PROJ-400',
  sprint: { sprintId: 37, name: 'PROJ Sprint 12', state: 'active' },
  storyPoints: 5,
  labels: ['checkout', 'payments'],
  createdAt: 1714641300101,
  updatedAt: 1714641300101,
  url: 'https://your-domain.atlassian.net/browse/PROJ-456',
  resolvedAt: null,
  resolution: null,
};

describe('jira normalizer', () => {
  it('is the jira source on jira-events', () => {
    expect(jira.source).toBe('jira');
    expect(jira.topic).toBe('jira-events');
  });

  it('jira:issue_created → jira.issue.created', () => {
    expect(events(normalize('jira-issue_created.json', 'jira:issue_created'))).toEqual([
      {
        eventId: 'jira.issue.created:10456',
        type: 'issue.created',
        occurredAt: 1714641300123,
        ...delivered,
        actor: mia,
        projectKey: 'PROJ',
        payload: {
          issue: proj456,
        },
      },
    ]);
  });

  it('jira:issue_updated with a status change → jira.issue.updated with the transition (PROJ-456 to Blocked)', () => {
    expect(events(normalize('jira-issue_updated.status.json', 'jira:issue_updated'))).toEqual([
      {
        eventId: 'jira.issue.updated:10456:10124',
        type: 'issue.updated',
        occurredAt: 1714986000456,
        ...delivered,
        actor: emmaWithEmail,
        projectKey: 'PROJ',
        payload: {
          issue: { ...proj456, status: 'Blocked', statusCategory: 'indeterminate', assignee: emmaWithEmail, parentKey: null, updatedAt: 1714986000444 },
          changedFields: ['status'],
          statusChange: { from: 'In Progress', to: 'Blocked' },
          assigneeChange: null,
        },
      },
    ]);
  });

  it('jira:issue_updated with a reassignment → jira.issue.updated with the assignee change', () => {
    expect(events(normalize('jira-issue_updated.assignee.json', 'jira:issue_updated'))).toEqual([
      {
        eventId: 'jira.issue.updated:10457:10125',
        type: 'issue.updated',
        occurredAt: 1714730400789,
        ...delivered,
        actor: mia,
        projectKey: 'PROJ',
        payload: {
          issue: {
            issueId: '10457',
            issueKey: 'PROJ-457',
            projectKey: 'PROJ',
            summary: 'Refund emails show the wrong currency',
            issueType: 'Bug',
            status: 'In Progress',
            statusCategory: 'indeterminate',
            priority: 'Medium',
            assignee: emma,
            reporter: null,
            parentKey: null,
            sprint: null,
            storyPoints: null,
            labels: [],
            createdAt: 1714564800000,
            updatedAt: 1714730400789,
            url: 'https://your-domain.atlassian.net/browse/PROJ-457',
            resolvedAt: null,
            resolution: null,
          },
          changedFields: ['assignee', 'summary'],
          statusChange: null,
          assigneeChange: { from: null, to: emma },
        },
      },
    ]);
  });

  it('sprint_closed → jira.sprint.closed, with the counts the webhook lacks left null', () => {
    expect(events(normalize('sprint_closed.json', 'sprint_closed'))).toEqual([
      {
        eventId: 'jira.sprint.closed:37',
        type: 'sprint.closed',
        occurredAt: 1715590800000,
        ...delivered,
        actor: null,
        projectKey: null,
        payload: {
          sprintId: 37,
          name: 'PROJ Sprint 12',
          boardId: 5,
          goal: 'Checkout v2',
          startAt: 1714377600000,
          endAt: 1715587200000,
          completedAt: 1715590800000,
          committedPoints: null,
          completedPoints: null,
          committedIssues: null,
          completedIssues: null,
        },
      },
    ]);
  });

  it('sprint_closed without a completeDate is completed at the webhook timestamp', () => {
    const [event] = events(normalize('sprint_closed.json', 'sprint_closed', (body) => delete body.sprint.completeDate));
    expect(event?.payload).toMatchObject({ completedAt: 1715590800000, startAt: 1714377600000 });
  });

  it('comment_created → jira.comment.created, the author standing in for the absent user', () => {
    expect(events(normalize('comment_created.json', 'comment_created'))).toEqual([
      {
        eventId: 'jira.comment.created:10300',
        type: 'comment.created',
        occurredAt: 1714988000321,
        ...delivered,
        actor: emmaWithEmail,
        projectKey: 'PROJ',
        payload: {
          commentId: '10300',
          issueId: '10456',
          issueKey: 'PROJ-456',
          author: emmaWithEmail,
          body: "Blocked on the acquirer's sandbox: their test cards are down until Thursday.",
          createdAt: 1714988000321,
        },
      },
    ]);
  });

  it('reads the resolution and its date (fields.resolution.name, fields.resolutiondate) of a resolved issue', () => {
    const [event] = events(normalize('jira-issue_updated.done.json', 'jira:issue_updated'));
    expect(event?.payload).toMatchObject({ issue: { resolvedAt: Date.parse('2024-05-07T09:00:00.789Z'), resolution: 'Done' } });
  });

  it('reads an unresolved issue, whose resolution Jira sends as null, with no resolution', () => {
    const unresolved = (body: any) => {
      body.issue.fields.resolution = null;
      body.issue.fields.resolutiondate = null;
    };
    const [event] = events(normalize('jira-issue_updated.done.json', 'jira:issue_updated', unresolved));
    expect(event?.payload).toMatchObject({ issue: { resolvedAt: null, resolution: null } });
  });

  it('reads the sprint and story points from the field ids a site configures', () => {
    const site = jiraNormalizer({ sprint: 'customfield_10101', storyPoints: 'customfield_10028' });
    const body = JSON.parse(readFixture(fixtures, 'jira-issue_created.json'));
    body.issue.fields.customfield_10101 = [{ id: 8, name: 'Team Sprint 3', state: 'closed' }];
    body.issue.fields.customfield_10028 = 2.5;
    const outcome = site.normalize(rawWebhook('jira', 'jira:issue_created', JSON.stringify(body)));
    expect(events(outcome)[0]?.payload).toMatchObject({ issue: { sprint: { sprintId: 8, name: 'Team Sprint 3', state: 'closed' }, storyPoints: 2.5 } });
  });

  it('takes the active sprint, else the last one listed', () => {
    const sprintOf = (sprints: unknown) =>
      (events(normalize('jira-issue_created.json', 'jira:issue_created', (body) => (body.issue.fields.customfield_10020 = sprints)))[0]?.payload as { issue: { sprint: unknown } }).issue.sprint;
    expect(sprintOf([{ id: 2, name: 'S2', state: 'active' }, { id: 3, name: 'S3', state: 'future' }])).toEqual({ sprintId: 2, name: 'S2', state: 'active' });
    expect(sprintOf([{ id: 1, name: 'S1', state: 'closed' }, { id: 3, name: 'S3' }])).toEqual({ sprintId: 3, name: 'S3', state: null });
    expect(sprintOf([])).toBeNull();
  });

  describe('skips', () => {
    it.each([
      ['jira-issue_updated.commented.json', 'jira:issue_updated', /without a changelog/],
      ['jira-version_released.json', 'jira:version_unreleased', /jira:version_unreleased is not used/],
      ['sprint_closed.json', 'board_created', /board_created is not used/],
      ['comment_created.json', 'attachment_created', /attachment_created is not used/],
    ])('%s as %s', (file, eventName, reason) => {
      const outcome = normalize(file, eventName);
      expect(outcome).toEqual({ kind: 'skipped', reason: expect.stringMatching(reason) });
    });
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, string, (body: any) => void][] = [
      ['jira-issue_created.json', 'jira:issue_created', '$.issue.fields.project', (body) => delete body.issue.fields.project],
      ['jira-issue_created.json', 'jira:issue_created', '$.issue.fields.created', (body) => (body.issue.fields.created = 'yesterday')],
      ['jira-issue_created.json', 'jira:issue_created', '$.issue.fields.customfield_10020[0].id', (body) => (body.issue.fields.customfield_10020[0].id = '37')],
      ['jira-issue_created.json', 'jira:issue_created', '$.issue.fields.customfield_10016', (body) => (body.issue.fields.customfield_10016 = '5')],
      ['jira-issue_created.json', 'jira:issue_created', '$.issue.fields.assignee.accountId', (body) => (body.issue.fields.assignee = { displayName: 'Nobody' })],
      ['jira-issue_created.json', 'jira:issue_created', '$.timestamp', (body) => (body.timestamp = '2024-05-02')],
      ['jira-issue_updated.done.json', 'jira:issue_updated', '$.issue.fields.resolutiondate', (body) => (body.issue.fields.resolutiondate = 'last Tuesday')],
      ['jira-issue_updated.done.json', 'jira:issue_updated', '$.issue.fields.resolution.name', (body) => (body.issue.fields.resolution = { id: '10000' })],
      ['jira-issue_created.json', 'jira:issue_updated', '$.webhookEvent', () => {}],
      ['jira-issue_updated.status.json', 'jira:issue_updated', '$.changelog.items[0].toString', (body) => delete body.changelog.items[0].toString],
      ['jira-issue_updated.status.json', 'jira:issue_updated', '$.changelog.id', (body) => delete body.changelog.id],
      ['jira-issue_updated.assignee.json', 'jira:issue_updated', '$.changelog.items[1].field', (body) => (body.changelog.items[1].field = 7)],
      ['sprint_closed.json', 'sprint_closed', '$.sprint.originBoardId', (body) => delete body.sprint.originBoardId],
      ['sprint_closed.json', 'sprint_closed', '$.sprint.startDate', (body) => (body.sprint.startDate = 1714377600000)],
      ['comment_created.json', 'comment_created', '$.comment.author.accountId', (body) => delete body.comment.author.accountId],
      ['comment_created.json', 'comment_created', '$.issue.key', (body) => delete body.issue.key],
    ];
    it.each(cases)('%s as %s: %s', (file, eventName, path, edit) => {
      expect(normalize(file, eventName, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });

    it('a body that is not JSON at $', () => {
      expect(jira.normalize(rawWebhook('jira', 'jira:issue_created', '{"timestamp":'))).toMatchObject({ kind: 'invalid', path: '$' });
    });
  });
});

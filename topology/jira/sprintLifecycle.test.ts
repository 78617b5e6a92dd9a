import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';
import { jiraKey } from './webhooks.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-sprint-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

const planned = { sprintId: 38, name: 'PROJ Sprint 13', boardId: 5, goal: 'Payments API', completedAt: null };
const started = { ...planned, state: 'active', startAt: Date.parse('2024-05-13T09:00:00.000Z'), endAt: Date.parse('2024-05-27T09:00:00.000Z') };

describe('sprint_created / sprint_started / sprint_updated / sprint_deleted', () => {
  it('sprint_created → sprint.created, field by field', () => {
    expect(events(normalize('sprint_created.json', 'sprint_created'))).toEqual([
      {
        eventId: 'jira.sprint.created:38',
        type: 'sprint.created',
        occurredAt: 1715335200000,
        source: 'jira',
        actor: null,
        repository: null,
        projectKey: null,
        deliveryId: 'delivery-sprint-1',
        payload: { sprint: { ...planned, state: 'future', startAt: null, endAt: null }, previous: null },
      },
    ]);
  });

  it('sprint_started → sprint.started with its dates', () => {
    const [event] = events(normalize('sprint_started.json', 'sprint_started'));
    expect(event).toMatchObject({ eventId: 'jira.sprint.started:38', type: 'sprint.started', occurredAt: 1715590860000, payload: { sprint: started, previous: null } });
  });

  it('sprint_updated → sprint.updated with the sprint before (oldValue), id per change', () => {
    const [event] = events(normalize('sprint_updated.json', 'sprint_updated'));
    expect(event).toMatchObject({
      eventId: 'jira.sprint.updated:38:1715677200000',
      type: 'sprint.updated',
      occurredAt: 1715677200000,
      payload: { sprint: { ...started, name: 'PROJ Sprint 13 (Payments)' }, previous: started },
    });
    const later = events(normalize('sprint_updated.json', 'sprint_updated', (body) => (body.timestamp = 1715680000000)));
    expect(later[0]?.eventId).toBe('jira.sprint.updated:38:1715680000000');
  });

  it('sprint_deleted → sprint.deleted; an empty goal is none', () => {
    const [event] = events(normalize('sprint_deleted.json', 'sprint_deleted'));
    expect(event).toMatchObject({ eventId: 'jira.sprint.deleted:39', type: 'sprint.deleted', payload: { sprint: { sprintId: 39, name: 'PROJ Sprint 14', state: 'future', goal: null }, previous: null } });
  });

  it('redelivery gives the same events; the actor is the webhook user; states are lower-cased; a missing state is what creation or start implies', () => {
    expect(events(normalize('sprint_started.json', 'sprint_started'))).toEqual(events(normalize('sprint_started.json', 'sprint_started')));
    const [withUser] = events(normalize('sprint_created.json', 'sprint_created', (body) => (body.user = { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' })));
    expect(withUser?.actor).toEqual({ source: 'jira', accountId: '5b10a2844c20165700ede21g', login: null, displayName: 'Mia Krystof', email: null });
    const [upper] = events(normalize('sprint_started.json', 'sprint_started', (body) => (body.sprint.state = 'ACTIVE')));
    expect(upper?.payload).toMatchObject({ sprint: { state: 'active' } });
    const [bare] = events(normalize('sprint_started.json', 'sprint_started', (body) => delete body.sprint.state));
    expect(bare?.payload).toMatchObject({ sprint: { state: 'active' } });
    const [noBoard] = events(normalize('sprint_created.json', 'sprint_created', (body) => delete body.sprint.originBoardId));
    expect(noBoard?.payload).toMatchObject({ sprint: { boardId: null } });
  });

  it('is keyed by its board, like sprint_closed, so one sprint stays in order', () => {
    expect(jiraKey({ webhookEvent: 'sprint_updated', sprint: { id: 38, originBoardId: 5 } })).toBe('board-5');
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, string, (body: any) => void][] = [
      ['sprint_created.json', 'sprint_created', '$.sprint', (body) => delete body.sprint],
      ['sprint_created.json', 'sprint_created', '$.sprint.id', (body) => (body.sprint.id = '38x')],
      ['sprint_started.json', 'sprint_started', '$.sprint.name', (body) => delete body.sprint.name],
      ['sprint_started.json', 'sprint_started', '$.sprint.startDate', (body) => (body.sprint.startDate = 'soon')],
      ['sprint_updated.json', 'sprint_updated', '$.sprint.state', (body) => delete body.sprint.state],
      ['sprint_updated.json', 'sprint_updated', '$.sprint.state', (body) => (body.sprint.state = 'paused')],
      ['sprint_updated.json', 'sprint_updated', '$.oldValue.id', (body) => delete body.oldValue.id],
      ['sprint_deleted.json', 'sprint_deleted', '$.timestamp', (body) => delete body.timestamp],
      ['sprint_created.json', 'sprint_started', '$.webhookEvent', () => {}],
    ];
    it.each(cases)('%s as %s: %s', (file, eventName, path, edit) => {
      expect(normalize(file, eventName, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});

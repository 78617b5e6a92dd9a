import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';
import { jiraKey } from './webhooks.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-project-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

const mia = { source: 'jira', accountId: '5b10a2844c20165700ede21g', login: null, displayName: 'Mia Krystof', email: null };
const emma = { source: 'jira', accountId: '5b10ac8d82e05b22cc7d4ef5', login: null, displayName: 'Emma Clarke', email: null };

describe('project_created / project_updated / project_deleted', () => {
  it('project_created → project.created, field by field', () => {
    expect(events(normalize('project_created.json', 'project_created'))).toEqual([
      {
        eventId: 'jira.project.created:10000',
        type: 'project.created',
        occurredAt: 1714550400000,
        source: 'jira',
        actor: mia,
        repository: null,
        projectKey: 'PROJ',
        deliveryId: 'delivery-project-1',
        payload: { projectId: '10000', key: 'PROJ', name: 'Project Phoenix', projectTypeKey: 'software', lead: emma },
      },
    ]);
  });

  it('project_updated → project.updated with the new name, an id per change; project_deleted → project.deleted', () => {
    const [updated] = events(normalize('project_updated.json', 'project_updated'));
    expect(updated).toMatchObject({ eventId: 'jira.project.updated:10000:1715850000000', type: 'project.updated', payload: { projectId: '10000', name: 'Phoenix Payments' } });
    const [deleted] = events(normalize('project_deleted.json', 'project_deleted'));
    expect(deleted).toMatchObject({ eventId: 'jira.project.deleted:10000', type: 'project.deleted', occurredAt: 1716454800000 });
  });

  it('takes the id as a string, the lead as REST names it (`lead`), and neither type nor lead when absent', () => {
    const first = events(normalize('project_created.json', 'project_created'));
    const [again] = events(
      normalize('project_created.json', 'project_created', (body) => {
        body.project.id = '10000';
        body.project.lead = body.project.projectLead;
        delete body.project.projectLead;
      }),
    );
    expect(again).toEqual(first[0]);
    const [bare] = events(
      normalize('project_created.json', 'project_created', (body) => {
        delete body.project.projectLead;
        delete body.project.projectTypeKey;
        delete body.user;
      }),
    );
    expect(bare).toMatchObject({ actor: null, payload: { projectTypeKey: null, lead: null } });
  });

  it('is keyed by the project key, with its issues', () => {
    expect(jiraKey({ webhookEvent: 'project_updated', project: { id: 10000, key: 'PROJ' } })).toBe('PROJ');
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, string, (body: any) => void][] = [
      ['project_created.json', 'project_created', '$.project', (body) => delete body.project],
      ['project_created.json', 'project_created', '$.project.id', (body) => (body.project.id = 1.5)],
      ['project_created.json', 'project_created', '$.project.key', (body) => (body.project.key = '')],
      ['project_updated.json', 'project_updated', '$.project.name', (body) => delete body.project.name],
      ['project_updated.json', 'project_updated', '$.project.projectLead.accountId', (body) => delete body.project.projectLead.accountId],
      ['project_deleted.json', 'project_deleted', '$.timestamp', (body) => (body.timestamp = 'now')],
      ['project_created.json', 'project_updated', '$.webhookEvent', () => {}],
    ];
    it.each(cases)('%s as %s: %s', (file, eventName, path, edit) => {
      expect(normalize(file, eventName, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import type { Outcome } from '../normalizer.ts';
import { fixtureNormalizer, rawWebhook } from '../testing/normalizerProperties.ts';
import { jira } from './index.ts';
import { jiraKey } from './webhooks.ts';

const normalize = fixtureNormalizer(jira, new URL('./fixtures/', import.meta.url), 'delivery-version-1');

function events(outcome: Outcome): readonly EngEvent[] {
  if (outcome.kind !== 'normalized') expect.unreachable(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
}

describe('jira:version_released', () => {
  it('→ version.released, field by field; the project by id, as sent', () => {
    expect(events(normalize('jira-version_released.json', 'jira:version_released'))).toEqual([
      {
        eventId: 'jira.version.released:10010:1715263200000',
        type: 'version.released',
        occurredAt: 1715263200000,
        source: 'jira',
        actor: null,
        repository: null,
        projectKey: null,
        deliveryId: 'delivery-version-1',
        payload: { versionId: '10010', name: '2024.5', projectId: '10000', releaseDate: '2024-05-09', released: true, description: 'Card payments retry at checkout' },
      },
    ]);
  });

  it('a release after an unrelease is a new event; a redelivery the same; an unset date is null', () => {
    const [first] = events(normalize('jira-version_released.json', 'jira:version_released'));
    const [again] = events(normalize('jira-version_released.json', 'jira:version_released'));
    const [rerelease] = events(
      normalize('jira-version_released.json', 'jira:version_released', (body) => {
        body.timestamp = 1715349600000;
        delete body.version.releaseDate;
        body.version.projectId = '10000';
      }),
    );
    expect(again?.eventId).toBe(first?.eventId);
    expect(rerelease?.eventId).toBe('jira.version.released:10010:1715349600000');
    expect(rerelease?.payload).toMatchObject({ projectId: '10000', releaseDate: null });
  });

  it('the other version events are skipped, saying so', () => {
    expect(jira.normalize(rawWebhook('jira', 'jira:version_unreleased', '{}'))).toEqual({ kind: 'skipped', reason: expect.stringContaining('jira:version_unreleased') });
  });

  it('is keyed by its project id', () => {
    expect(jiraKey({ webhookEvent: 'jira:version_released', version: { id: '10010', projectId: 10000 } })).toBe('project-10000');
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, (body: any) => void][] = [
      ['$.version', (body) => delete body.version],
      ['$.version.id', (body) => delete body.version.id],
      ['$.version.name', (body) => (body.version.name = '')],
      ['$.version.projectId', (body) => (body.version.projectId = 1.5)],
      ['$.version.releaseDate', (body) => (body.version.releaseDate = '09/May/24')],
      ['$.version.released', (body) => (body.version.released = 'yes')],
    ];
    it.each(cases)('%s', (path, edit) => {
      expect(normalize('jira-version_released.json', 'jira:version_released', edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { EngEvent, Identity, NotionParent } from '../../avro/generated/types.ts';
import { fixtureNormalizer } from '../testing/normalizerProperties.ts';
import { notion } from './index.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

const normalize = fixtureNormalizer(notion, fixtures, 'delivery-notion-1');

const person: Identity = { source: 'notion', accountId: 'c7c11cca-1d73-471d-9b6e-bdef51470190', login: null, displayName: null, email: null };
const bot: Identity = { source: 'notion', accountId: '1edc05f6-2702-81b5-8408-00279347f034', login: null, displayName: null, email: null };
const workspace: NotionParent = { type: 'workspace', id: null };
const database: NotionParent = { type: 'database', id: '248104cd-477e-80fd-b757-e945d38000bd' };
const page = '153104cd-477e-809d-8dc4-ff2d96ae3090';
const dataSource = '248104cd-477e-80af-bc30-000bd28de8f9';

/** The event every fixture should give, from values read off the fixture by hand. */
function expected(type: EngEvent['type'], notionId: string, occurredAt: number, actor: Identity, entityId: string, notionEventType: string, parent: NotionParent): EngEvent {
  return {
    eventId: `notion.${type}:${notionId}`,
    type,
    occurredAt,
    source: 'notion',
    actor,
    repository: null,
    projectKey: null,
    deliveryId: 'delivery-notion-1',
    payload: {
      entityId,
      notionEventType,
      workspaceId: '13950b26-c203-4f3b-b97d-93ec06319565',
      title: null,
      url: null,
      parent,
      lastEditedAt: occurredAt,
      excerpt: null,
    },
  } as EngEvent;
}

describe('notion normalizer', () => {
  it('is the notion source on notion-events', () => {
    expect(notion.source).toBe('notion');
    expect(notion.topic).toBe('notion-events');
  });

  it.each([
    ['page.created', expected('page.created', '367cba44-b6f3-4c92-81e7-6a2e9659efd4', 1748858652285, person, page, 'page.created', workspace)],
    ['page.content_updated', expected('page.updated', '56c4ba6e-6ae2-4d7c-9a63-0d1a1e6b7b2e', 1748858805000, person, page, 'page.content_updated', workspace)],
    [
      'page.properties_updated',
      expected('page.updated', '1782edd6-a853-4d4a-b02c-9c8c16f28e53', 1748858850512, person, '1a4104cd-477e-80c8-a4f3-e1c6e3f4d1a2', 'page.properties_updated', {
        type: 'database',
        id: dataSource,
      }),
    ],
    ['page.deleted', expected('page.deleted', 'a2a0e4a4-8c2f-4f9c-9f5e-0c7d1a5b0e11', 1748937600000, person, page, 'page.deleted', { type: 'page', id: '1a4104cd-477e-80c8-a4f3-e1c6e3f4d1a2' })],
    ['data_source.created', expected('data_source.created', 'b7b0a1c0-3a3e-4b3b-8f5e-6c2d9e1f0a22', 1748858281000, person, dataSource, 'data_source.created', database)],
    ['data_source.content_updated', expected('data_source.updated', 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', 1748858851000, person, dataSource, 'data_source.content_updated', database)],
    ['data_source.schema_updated', expected('data_source.updated', 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70', 1748862900000, person, dataSource, 'data_source.schema_updated', database)],
    ['data_source.deleted', expected('data_source.deleted', 'e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a01', 1749054600000, bot, dataSource, 'data_source.deleted', database)],
  ])('%s → %s', (type, event) => {
    expect(normalize(`${type}.json`, type)).toEqual({ kind: 'normalized', events: [event] });
  });

  it('an event without authors has no actor, one without a parent no parent', () => {
    const outcome = normalize('page.created.json', 'page.created', (body) => {
      body.authors = [];
      delete body.data;
    });
    expect(outcome).toMatchObject({ kind: 'normalized', events: [{ actor: null, payload: { parent: null } }] });
  });

  describe('skips', () => {
    it.each([
      ['comment.created.json', 'comment.created'],
      ['page.created.json', 'page.locked'],
      ['data_source.created.json', 'database.created'],
      ['page.created.json', 'verification'],
    ])('%s as %s', (file, eventName) => {
      expect(normalize(file, eventName)).toEqual({ kind: 'skipped', reason: `Notion event ${eventName} is not used` });
    });
  });

  describe('rejects malformed payloads with the JSON path', () => {
    const cases: readonly [string, string, (body: any) => void][] = [
      ['page.created.json', '$.id', (body) => delete body.id],
      ['page.created.json', '$.timestamp', (body) => (body.timestamp = 'now')],
      ['page.created.json', '$.workspace_id', (body) => (body.workspace_id = null)],
      ['page.created.json', '$.entity.id', (body) => delete body.entity.id],
      ['page.created.json', '$.entity.type', (body) => (body.entity.type = 'data_source')],
      ['page.created.json', '$.authors[0].id', (body) => (body.authors[0].id = 42)],
      ['page.created.json', '$.data.parent.type', (body) => delete body.data.parent.type],
      ['page.created.json', '$.type', (body) => (body.type = 'page.deleted')],
      ['data_source.schema_updated.json', '$.entity.type', (body) => (body.entity.type = 'database')],
    ];
    it.each(cases)('%s: %s', (file, path, edit) => {
      const type = file.replace(/\.json$/, '');
      expect(normalize(file, type, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { EngEvent, Identity, NotionParent, NotionPropertyChange } from '../../avro/generated/types.ts';
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
function expected(type: EngEvent['type'], notionId: string, occurredAt: number, actor: Identity, entityId: string, notionEventType: string, parent: NotionParent, propertyChanges: NotionPropertyChange[] | null = null): EngEvent {
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
      propertyChanges,
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
    ['page.moved', expected('page.moved', '8b3d5f7a-1c2e-4f60-a8b9-c0d1e2f3a4b5', 1748881200000, person, page, 'page.moved', { type: 'page', id: '1a4104cd-477e-80c8-a4f3-e1c6e3f4d1a2' })],
    ['page.undeleted', expected('page.undeleted', '5e8f2c1a-7d3b-4a6e-9c0f-2b4d6e8a0c13', 1749029400000, person, page, 'page.undeleted', { type: 'page', id: '1a4104cd-477e-80c8-a4f3-e1c6e3f4d1a2' })],
    ['data_source.created', expected('data_source.created', 'b7b0a1c0-3a3e-4b3b-8f5e-6c2d9e1f0a22', 1748858281000, person, dataSource, 'data_source.created', database)],
    ['data_source.content_updated', expected('data_source.updated', 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', 1748858851000, person, dataSource, 'data_source.content_updated', database)],
    [
      'data_source.schema_updated',
      expected('data_source.updated', 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70', 1748862900000, person, dataSource, 'data_source.schema_updated', database, [
        { id: 'seNp', name: 'Estimate', action: 'created' },
        { id: 'bDf%5B', name: 'Status', action: 'updated' },
      ]),
    ],
    ['data_source.deleted', expected('data_source.deleted', 'e7f8a9b0-c1d2-4e3f-8a4b-5c6d7e8f9a01', 1749054600000, bot, dataSource, 'data_source.deleted', database)],
  ])('%s → %s', (type, event) => {
    expect(normalize(`${type}.json`, type)).toEqual({ kind: 'normalized', events: [event] });
  });

  it('comment.created → page_comment.created, keyed by the comment: Jira owns comment.created', () => {
    const comment = '1c2104cd-477e-8009-9c2e-001f6a9c0c3d';
    expect(normalize('comment.created.json', 'comment.created')).toEqual({
      kind: 'normalized',
      events: [
        {
          eventId: `notion.page_comment.created:${comment}`,
          type: 'page_comment.created',
          occurredAt: Date.UTC(2025, 5, 2, 10, 10),
          source: 'notion',
          actor: person,
          repository: null,
          projectKey: null,
          deliveryId: 'delivery-notion-1',
          payload: { commentId: comment, pageId: page, workspaceId: '13950b26-c203-4f3b-b97d-93ec06319565', parent: { type: 'page', id: page } },
        },
      ],
    });
    const retried = normalize('comment.created.json', 'comment.created', (body) => {
      body.id = 'another-delivery-of-the-same-comment';
      body.attempt_number = 2;
    });
    expect(retried).toMatchObject({ events: [{ eventId: `notion.page_comment.created:${comment}` }] });
    const onBlock = normalize('comment.created.json', 'comment.created', (body) => (body.data.parent = { id: 'b1', type: 'block' }));
    expect(onBlock).toMatchObject({ events: [{ payload: { pageId: page, parent: { type: 'block', id: 'b1' } } }] });
  });

  it('ids are stable: the same event twice gives the same id, another event of the same page another', () => {
    const id = (file: string, type: string) => {
      const outcome = normalize(file, type);
      return outcome.kind === 'normalized' ? outcome.events[0]!.eventId : outcome.kind;
    };
    expect(id('page.undeleted.json', 'page.undeleted')).toBe(id('page.undeleted.json', 'page.undeleted'));
    expect(id('page.undeleted.json', 'page.undeleted')).not.toBe(id('page.deleted.json', 'page.deleted'));
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
      ['comment.created.json', 'comment.updated', /^Notion event comment.updated is not used: the webhook carries ids only/],
      ['comment.created.json', 'comment.deleted', /^Notion event comment.deleted is not used: the webhook carries ids only/],
      ['page.created.json', 'page.locked', /^Notion event page.locked is not used: a lock changes neither/],
      ['data_source.created.json', 'database.created', /^Notion event database.created is not used: an event of API versions before 2025-09-03/],
      ['page.created.json', 'verification', /^Notion event verification is not used$/],
    ])('%s as %s', (file, eventName, reason) => {
      expect(normalize(file, eventName)).toEqual({ kind: 'skipped', reason: expect.stringMatching(reason) });
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
      ['page.moved.json', '$.data.parent.id', (body) => (body.data.parent.id = 7)],
      ['page.moved.json', '$.authors[0].type', (body) => delete body.authors[0].type],
      ['comment.created.json', '$.data.page_id', (body) => delete body.data.page_id],
      ['comment.created.json', '$.entity.type', (body) => (body.entity.type = 'page')],
      ['comment.created.json', '$.entity.id', (body) => (body.entity.id = '')],
      ['comment.created.json', '$.data', (body) => delete body.data],
      ['comment.created.json', '$.data.parent.id', (body) => delete body.data.parent.id],
      ['page.undeleted.json', '$.entity.type', (body) => (body.entity.type = 'comment')],
      ['page.undeleted.json', '$.timestamp', (body) => delete body.timestamp],
      ['data_source.schema_updated.json', '$.entity.type', (body) => (body.entity.type = 'database')],
      ['data_source.schema_updated.json', '$.data.updated_properties', (body) => delete body.data.updated_properties],
      ['data_source.schema_updated.json', '$.data.updated_properties[1].name', (body) => (body.data.updated_properties[1].name = null)],
      ['data_source.schema_updated.json', '$.data.updated_properties[0].action', (body) => delete body.data.updated_properties[0].action],
    ];
    it.each(cases)('%s: %s', (file, path, edit) => {
      const type = file.replace(/\.json$/, '');
      expect(normalize(file, type, edit)).toEqual({ kind: 'invalid', path, reason: expect.stringMatching(/\S/) });
    });
  });
});

import { describe, expect, it } from 'vitest';
import { expectedEvents, sampleWebhooks, syntheticWebhooks } from '../../replay/index.ts';
import { fixtureWebhooks } from '../../test/support/fixtureWebhooks.ts';
import { EVENT_SOURCES, kindIn } from './ddl.ts';

describe('kindIn', () => {
  it('names each kind under every source, as the primary key can use', () => {
    expect(kindIn(['ref.pushed'])).toBe("type IN ('github.ref.pushed', 'jira.ref.pushed', 'notion.ref.pushed', 'alertmanager.ref.pushed', 'prometheus.ref.pushed')");
  });

  it('knows the source of every event the normalizers make (a new source must be added, or its rows are never read)', async () => {
    const webhooks = [...sampleWebhooks(), ...(await fixtureWebhooks()), ...syntheticWebhooks({ count: 2_000, seed: 3 })];
    const sources = new Set(webhooks.flatMap((webhook) => expectedEvents(webhook).map((event) => event.source)));
    expect(sources.size).toBeGreaterThan(3);
    for (const source of sources) expect(EVENT_SOURCES).toContain(source);
  });
});

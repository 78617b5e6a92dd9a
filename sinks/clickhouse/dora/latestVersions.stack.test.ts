/**
 * The DORA read keeps each event's latest version, as ReplacingMergeTree's FINAL would, without
 * FINAL (readFacts.ts says why): an event written again with another payload (a replay through a
 * fixed normalizer) counts as its newer version, before any merge and after one.
 */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/testDatabase.ts';
import { readFacts } from './readFacts.ts';
import { doraRules } from './rules.ts';
import { shopEvents } from './testing/shopEvents.ts';
import { at, SHOP_SCOPE, WEB } from './testing/shopHistory.ts';

const db = useTestDatabase();
const march = { from: at('2025-03-01T00:00'), to: at('2025-04-01T00:00') };
const incidentKeys = async () => (await readFacts(db.sink.client, db.sink.database, SHOP_SCOPE, march, doraRules())).incidents.map((i) => i.key).sort();

describe('an event written again with another payload', () => {
  it('counts as its latest version, before the merge and after it', async () => {
    // web#60 becomes an incident when labelled "incident". First that event is written without the
    // label (an older normalizer), then again, under the same id, as it is: the newer version.
    // (Its payload compares lower than the first's, so a read that took the greatest payload of an
    // event, rather than its latest version, would miss it.)
    const events = shopEvents();
    const labelled = events.find((e) => e.type === 'issue.labeled' && e.eventId.includes(`${WEB}#60`));
    expect(labelled).toBeDefined();
    const unlabelled = JSON.parse(JSON.stringify(labelled).replace(/"labels":\[[^\]]*\]/, '"labels":[]')) as typeof labelled;
    expect(JSON.stringify(unlabelled)).not.toEqual(JSON.stringify(labelled));
    await db.sink.write(events.map((e) => (e === labelled ? unlabelled! : e)));
    expect(await incidentKeys()).not.toContain(`${WEB}#60`);

    await db.sink.write([labelled!]);
    const before = await incidentKeys();
    expect(before).toContain(`${WEB}#60`);

    await db.sink.client.command({ query: `OPTIMIZE TABLE ${db.sink.database}.events FINAL` });
    expect(await incidentKeys()).toEqual(before);
  });

  it('no longer counts once its latest version moved out of the scope, though an older one is still in it', async () => {
    // OPS-7 is a Shop incident (Jira project OPS). Its events written again under the same ids with
    // another project key: the newer versions are outside Shop's scope, the older ones still inside
    // until a merge. FINAL would read the newer ones only; so must the read without it.
    expect(await incidentKeys()).toContain('OPS-7');
    const moved = shopEvents()
      .filter((e) => e.eventId.startsWith('jira:OPS-7:'))
      .map((e) => JSON.parse(JSON.stringify(e).replaceAll('"projectKey":"OPS"', '"projectKey":"ELSEWHERE"').replaceAll('"OPS-7"', '"ELSEWHERE-7"')) as typeof e);
    expect(moved.length).toBeGreaterThan(0);
    await db.sink.write(moved);
    expect(await incidentKeys()).not.toContain('OPS-7');
    await db.sink.client.command({ query: `OPTIMIZE TABLE ${db.sink.database}.events FINAL` });
    expect(await incidentKeys()).not.toContain('OPS-7');
  });
});

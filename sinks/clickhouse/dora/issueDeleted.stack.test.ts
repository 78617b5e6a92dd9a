/**
 * A Jira incident deleted in Jira counts no more: the DORA read takes an issue's latest version,
 * and its deletion is the latest (readFacts.ts). From the Jira fixtures, normalized.
 */
import { describe, expect, it } from 'vitest';
import { jiraEvent } from '../../testing/jiraWorkWebhooks.ts';
import { useTestDatabase } from '../testing/testDatabase.ts';
import { readFacts } from './readFacts.ts';
import { doraRules } from './rules.ts';

const db = useTestDatabase();
const year = { from: Date.parse('2024-01-01T00:00:00Z'), to: Date.parse('2025-01-01T00:00:00Z') };
const scope = { repositories: [], jiraKeys: ['INC'] };

/** Issue `id` of project INC, typed Incident, created as jira-issue_created.json. */
const incident = (id: string) =>
  jiraEvent('jira-issue_created.json', 'jira:issue_created', (body) => {
    body.issue.id = id;
    body.issue.key = `INC-${id}`;
    body.issue.fields.project.key = 'INC';
    body.issue.fields.issuetype.name = 'Incident';
  });
const deleted = (id: string, timestamp: number) =>
  jiraEvent('issue_deleted.json', 'jira:issue_deleted', (body) => {
    body.issue.id = id;
    body.issue.key = `INC-${id}`;
    body.issue.fields.project.key = 'INC';
    body.timestamp = timestamp;
  });

describe('clickhouse DORA: a Jira incident deleted', () => {
  it('is no incident once deleted, whichever order the events were written in; the other stays', async () => {
    const keys = async () => (await readFacts(db.sink.client, db.sink.database, scope, year, doraRules({ jiraIncidentTypes: ['Incident'] }))).incidents.map((i) => i.key).sort();
    await db.sink.write([incident('1'), incident('2')]);
    expect(await keys()).toEqual(['INC-1', 'INC-2']);
    await db.sink.write([deleted('1', Date.parse('2024-05-10T00:00:00Z'))]);
    expect(await keys()).toEqual(['INC-2']);
    await db.sink.write([incident('1')]); // the creation replayed after the deletion
    expect(await keys()).toEqual(['INC-2']);
    // In the same millisecond as the issue's creation, the deletion still wins.
    const created = incident('2');
    await db.sink.write([deleted('2', created.occurredAt)]);
    expect(await keys()).toEqual([]);
  });
});

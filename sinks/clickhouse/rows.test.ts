import { describe, expect, it } from 'vitest';
import type { EngEvent } from '../../avro/generated/types.ts';
import { rowsOf } from '../handlers.ts';
import { clickhouseHandlers } from './handlers.ts';
import { tableRows } from './rows.ts';
import { PROJECT, REPO, scenario } from './testing/testScenario.ts';

/** The `events` row the sink inserts for an event, written at `version`. */
const toEventRow = (event: EngEvent, version: number) => tableRows(rowsOf(clickhouseHandlers, event), version).events[0]!;
/** Its `metric_samples` row, or null. */
const toMetricSampleRow = (event: EngEvent, version: number) => tableRows(rowsOf(clickhouseHandlers, event), version).metric_samples[0] ?? null;

const events = scenario();
const byType = <T extends EngEvent['type']>(type: T) => events.find((e): e is Extract<EngEvent, { type: T }> => e.type === type)!;

describe('toEventRow', () => {
  it('is pure: the same event and version give the same row', () => {
    for (const event of events) expect(toEventRow(event, 5)).toEqual(toEventRow(structuredClone(event), 5));
  });

  it('has the same columns for every event type (JSONEachRow rows of one insert)', () => {
    const columns = Object.keys(toEventRow(events[0]!, 1)).sort();
    for (const event of events) expect(Object.keys(toEventRow(event, 1)).sort()).toEqual(columns);
  });

  it('carries the envelope: seconds for DateTime, milliseconds beside it, the payload as JSON', () => {
    const event = byType('commit.pushed');
    const row = toEventRow(event, 42);
    expect(row).toMatchObject({
      event_id: event.eventId,
      type: 'github.commit.pushed',
      source: 'github',
      occurred_at: Math.floor(event.occurredAt / 1000),
      occurred_at_ms: event.occurredAt,
      version: 42,
      delivery_id: event.deliveryId,
      repository: REPO,
      project_key: null,
      actor_login: event.actor!.login,
      sha: event.payload.sha,
      commit_author_login: event.payload.author.login,
      commit_author_email: event.payload.author.email,
      commit_distinct: 1,
      pr_number: null,
    });
    expect(JSON.parse(row.payload)).toEqual(event.payload);
  });

  it('fills what the metrics need: pull requests, reviews, deployments', () => {
    const merged = byType('pull_request.merged');
    expect(toEventRow(merged, 1)).toMatchObject({ pr_number: 1, pr_author_login: 'alice', pr_created_at_ms: merged.payload.pullRequest.createdAt, pr_first_commit_at_ms: merged.payload.pullRequest.firstCommitAt, pr_merged_at_ms: merged.payload.mergedAt, merge_commit_sha: 'm1' });
    const review = byType('review.submitted');
    expect(toEventRow(review, 1)).toMatchObject({ pr_number: 1, pr_author_login: 'alice', reviewer_login: 'bob', review_state: 'approved', review_submitted_at_ms: review.payload.submittedAt, review_id: 11 });
    const status = byType('deployment.status_changed');
    expect(toEventRow(status, 1)).toMatchObject({ deployment_id: 100, environment: 'production', deployment_state: 'in_progress', sha: 'm0', deployment_created_at_ms: status.payload.deploymentCreatedAt });
  });

  it('takes an alert\'s repository and project from its labels, the event\'s own first', () => {
    const firing = byType('alert.firing');
    expect(toEventRow(firing, 1)).toMatchObject({ repository: REPO, project_key: PROJECT, alert_fingerprint: 'fp0', alert_starts_at_ms: firing.payload.startsAt, alert_ends_at_ms: null });
    expect(toEventRow({ ...firing, repository: 'own/repo', projectKey: 'OWN' }, 1)).toMatchObject({ repository: 'own/repo', project_key: 'OWN' });
    expect(toEventRow({ ...firing, payload: { ...firing.payload, labels: {} } }, 1)).toMatchObject({ repository: null, project_key: null });
  });

  it('keeps sprint points, null when unknown', () => {
    const sprint = byType('sprint.closed');
    expect(toEventRow(sprint, 1)).toMatchObject({ sprint_id: 11, board_id: 7, committed_points: 20, completed_points: 18 });
    expect(toEventRow({ ...sprint, payload: { ...sprint.payload, committedPoints: null, startAt: null } }, 1)).toMatchObject({ committed_points: null, sprint_started_at_ms: null });
  });

  it('clamps times before 1970 to 0 (DateTime is unsigned) instead of failing the batch', () => {
    expect(toEventRow({ ...events[0]!, occurredAt: -5_000 }, 1)).toMatchObject({ occurred_at: 0, occurred_at_ms: 0 });
  });
});

describe('toMetricSampleRow', () => {
  it('is null for anything but a sample', () => {
    expect(toMetricSampleRow(byType('commit.pushed'), 1)).toBeNull();
  });

  it('sorts labels by key into two arrays and spells non-finite values for ClickHouse', () => {
    const sample = byType('metric.sampled');
    const row = toMetricSampleRow({ ...sample, payload: { ...sample.payload, labels: { z: '1', a: '2' } } }, 9)!;
    expect(row).toEqual({ event_id: sample.eventId, name: sample.payload.name, label_keys: ['a', 'z'], label_values: ['2', '1'], value: 1234, ts: Math.floor(sample.payload.timestamp / 1000), ts_ms: sample.payload.timestamp, version: 9 });
    const withValue = (value: number) => toMetricSampleRow({ ...sample, payload: { ...sample.payload, value } }, 1)!.value;
    expect([withValue(Number.NaN), withValue(Infinity), withValue(-Infinity), withValue(-0.5)]).toEqual(['nan', 'inf', '-inf', -0.5]);
  });
});

import { describe, expect, it } from 'vitest';
import { sprintToUse } from './sprintTopCommitters.ts';

const sprint = (sprintId: number, state: string | null, startAt: string | null, completedAt: string | null) => ({ sprintId, name: `S${sprintId}`, state, startAt, completedAt });
// Newest first, as project_sprints answers.
const rows = [sprint(4, 'future', null, null), sprint(3, 'active', '2026-03-09T09:00:00Z', null), sprint(2, 'closed', '2026-02-23T09:00:00Z', '2026-03-06T17:00:00Z'), sprint(1, 'closed', '2026-02-09T09:00:00Z', '2026-02-20T17:00:00Z')];

describe('the sprint sprint_top_committers goes by', () => {
  it('is the active one by default', () => expect(sprintToUse(rows, undefined)?.sprintId).toBe(3));
  it('is the latest closed one when none is active', () => expect(sprintToUse(rows.filter((s) => s.sprintId !== 3), undefined)?.sprintId).toBe(2));
  it('is the one asked for', () => expect(sprintToUse(rows, 1)?.sprintId).toBe(1));
  it('is none for a sprint not started, not the project\'s, or no sprint at all', () => {
    expect(sprintToUse(rows, 4)).toBeUndefined();
    expect(sprintToUse(rows, 99)).toBeUndefined();
    expect(sprintToUse([], undefined)).toBeUndefined();
  });
});

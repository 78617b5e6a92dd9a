import { describe, expect, it } from 'vitest';
import { johndoeWeek } from './testing/testEvents.ts';
import { countRows, useTestSchema } from './testing/testSchema.ts';

describe('postgres sink: summary', () => {
  const db = useTestSchema();

  it('counts what the schema holds, names the schema and hides the password', async () => {
    const empty = await db.sink.summary();
    expect(empty.rows['processed events']).toBe(0);
    const events = johndoeWeek();
    await db.sink.write(events);
    await db.sink.write(events); // a replay adds nothing
    const { rows, where } = await db.sink.summary();
    expect(rows['processed events']).toBe(events.length);
    expect(rows['users']).toBe(await countRows(db.sink, 'users'));
    expect(rows['daily activity rows']).toBe(await countRows(db.sink, 'developer_daily_activity'));
    expect(rows['daily activity rows']).toBeGreaterThan(0);
    expect(rows['repositories']).toBe(1);
    expect(rows['projects']).toBe(1);
    expect(rows['sprints']).toBe(1);
    expect(where).toBe(`postgres://127.0.0.1:5432/switchyard (schema ${db.sink.schema})`);
  });
});

import { describe, expect, it } from 'vitest';
import { schemaRegistry, isolatedSubjects, withEditedSchema } from '../test/support/registry.ts';
import { checkSchemas, IncompatibleSchemaError, registerSchemas, type LocalSubject } from './registration.ts';

type Field = { name: string; type: unknown; default?: unknown };
const fieldsOf = (schema: Record<string, unknown>) => schema.fields as Field[];

async function versions(subjects: LocalSubject[]): Promise<Record<string, number>> {
  const registry = schemaRegistry();
  const checks = await checkSchemas(registry, subjects);
  return Object.fromEntries(checks.map((c) => [c.subject, c.latest?.version ?? 0]));
}

describe('schema registration against the real registry', () => {
  it('registers every subject, and registering again changes nothing', async () => {
    const registry = schemaRegistry();
    const subjects = isolatedSubjects();
    const first = await registerSchemas(registry, subjects);
    expect(first.map((r) => r.subject)).toEqual(subjects.map((s) => s.subject));
    expect(first.every((r) => r.changed && r.version === 1 && r.id > 0)).toBe(true);

    const second = await registerSchemas(registry, subjects);
    expect(second).toEqual(first.map((r) => ({ ...r, changed: false })));
    expect((await checkSchemas(registry, subjects)).map((c) => c.status)).toEqual(subjects.map(() => 'compatible'));
  });

  it('accepts a compatible edit: a new optional field with a default', async () => {
    const registry = schemaRegistry();
    const subjects = isolatedSubjects();
    await registerSchemas(registry, subjects);
    const edited = withEditedSchema(subjects, 'eng.events.v1', (schema) => {
      fieldsOf(schema).push({ name: 'tenant', type: ['null', 'string'], default: null });
    });
    const [check] = (await checkSchemas(registry, edited)).filter((c) => c.topic === 'eng.events.v1');
    expect(check?.status).toBe('compatible');
    const registered = await registerSchemas(registry, edited);
    expect(registered.find((r) => r.subject.endsWith('eng.events.v1-value'))).toMatchObject({ changed: true, version: 2 });
  });

  const breakingEdits: [string, LocalSubject['topic'], (schema: Record<string, unknown>) => void, RegExp][] = [
    ['changing a field type', 'eng.events.v1', (s) => void (fieldsOf(s).find((f) => f.name === 'eventId')!.type = 'long'), /\$\.eventId: type changed from string to long/],
    ['removing a field without default', 'jira-commands', (s) => void (s.fields = fieldsOf(s).filter((f) => f.name !== 'issueKey')), /JiraCommand\.issueKey: field removed, and it has no default/],
    ['adding a field without default', 'switchyard.dlq', (s) => void fieldsOf(s).push({ name: 'tenant', type: 'string' }), /\$\.tenant: field added without a default/],
  ];

  it.each(breakingEdits)('rejects %s, naming the field, in check and in register, before registering anything', async (_name, topic, edit, reason) => {
    const registry = schemaRegistry();
    const subjects = isolatedSubjects();
    await registerSchemas(registry, subjects);
    const before = await versions(subjects);
    const edited = withEditedSchema(subjects, topic, edit);

    const checks = await checkSchemas(registry, edited);
    const broken = checks.filter((c) => c.status === 'incompatible');
    expect(broken.map((c) => c.topic)).toEqual([topic]);
    expect(broken[0]!.reasons.join('\n')).toMatch(reason);

    const attempt = registerSchemas(registry, edited);
    await expect(attempt).rejects.toBeInstanceOf(IncompatibleSchemaError);
    await expect(attempt).rejects.toThrow(reason);
    expect(await versions(subjects)).toEqual(before);
  });

  it('leaves BACKWARD enforced in the registry itself, for producers that bypass the command', async () => {
    const registry = schemaRegistry();
    const subjects = isolatedSubjects();
    await registerSchemas(registry, subjects);
    const [target] = withEditedSchema(subjects, 'eng.events.v1', (s) => void (fieldsOf(s).find((f) => f.name === 'eventId')!.type = 'long')).filter(
      (s) => s.topic === 'eng.events.v1',
    );
    const api = (registry as unknown as { api: { Subject: { register(a: unknown): Promise<unknown> } } }).api.Subject;
    await expect(api.register({ subject: target!.subject, body: { schema: target!.schema } })).rejects.toMatchObject({ status: 409 });
  });
});

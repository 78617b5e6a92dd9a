import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { localStack } from '../../config/endpoints.ts';
import { localSubjects, type LocalSubject } from '../../avro/registration.ts';
import { uniqueName } from './names.ts';

export const schemaRegistry = (): SchemaRegistry => new SchemaRegistry({ host: localStack.schemaRegistry.url });

/** The project's subjects under a prefix no other run uses, so a test can break them freely. */
export function isolatedSubjects(): LocalSubject[] {
  const prefix = uniqueName('test');
  return localSubjects().map((s) => ({ ...s, subject: `${prefix}.${s.subject}` }));
}

/** The same subjects with one schema edited. */
export function withEditedSchema(subjects: LocalSubject[], topic: LocalSubject['topic'], edit: (schema: Record<string, unknown>) => void): LocalSubject[] {
  return subjects.map((s) => {
    if (s.topic !== topic) return s;
    const schema = JSON.parse(s.schema) as Record<string, unknown>;
    edit(schema);
    return { ...s, schema: JSON.stringify(schema) };
  });
}

/**
 * Registering the topics' schemas (`avro/schemas/`) in the Schema Registry, and checking local
 * edits against it. Subjects follow TopicNameStrategy (`<topic>-value`) with BACKWARD
 * compatibility: each new version must read everything written with the one before.
 *
 * Both commands first check every subject, so an incompatible edit fails before anything is
 * registered (and so before anything is produced with it). A subject is incompatible when the
 * registry says so or when Avro's own resolution rules (avsc) say the new schema cannot read the
 * latest registered one; the reasons name the fields. The Confluent API is called through the
 * @kafkajs/confluent-schema-registry client's HTTP resources rather than its `register()`,
 * which insists on its own compatibility bookkeeping that Apicurio answers differently.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avsc from 'avsc';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { incompatibilities, removedRequiredFields } from './compatibility.ts';
import { TOPICS, type Topic } from './schemas.ts';

export const COMPATIBILITY = 'BACKWARD';

/** A schema to check or register: by default every topic's, from `avro/schemas/`. */
export interface LocalSubject {
  readonly subject: string;
  readonly topic: Topic;
  readonly file: string;
  readonly schema: string;
}

export interface SubjectCheck {
  readonly subject: string;
  readonly topic: Topic;
  readonly file: string;
  /** `new`: not in the registry yet; `compatible`; `incompatible` (see `reasons`). */
  readonly status: 'new' | 'compatible' | 'incompatible';
  readonly reasons: readonly string[];
  readonly latest?: { readonly id: number; readonly version: number };
}

export interface Registration {
  readonly subject: string;
  readonly id: number;
  readonly version: number;
  readonly changed: boolean;
}

export class IncompatibleSchemaError extends Error {
  readonly checks: readonly SubjectCheck[];
  constructor(checks: readonly SubjectCheck[]) {
    super(checks.map((c) => `${c.subject} (${c.file}) is not ${COMPATIBILITY} compatible:\n${c.reasons.map((r) => `  - ${r}`).join('\n')}`).join('\n'));
    this.name = 'IncompatibleSchemaError';
    this.checks = checks;
  }
}

interface Response<T> {
  data(): T;
}
interface SubjectApi {
  latestVersion(args: { subject: string }): Promise<Response<{ id: number; version: number; schema: string }>>;
  compatible(args: { subject: string; body: { schema: string } }): Promise<Response<{ is_compatible: boolean }>>;
  register(args: { subject: string; body: { schema: string } }): Promise<Response<{ id: number }>>;
  config(args: { subject: string }): Promise<Response<{ compatibilityLevel: string }>>;
  updateConfig(args: { subject: string; body: { compatibility: string } }): Promise<Response<unknown>>;
}

const subjectApi = (registry: SchemaRegistry): SubjectApi => (registry as unknown as { api: { Subject: SubjectApi } }).api.Subject;

/** The subjects to register, one per topic, each with its schema file's text. */
export function localSubjects(): LocalSubject[] {
  return (Object.keys(TOPICS) as Topic[]).map((topic) => {
    const { subject, file } = TOPICS[topic];
    return { subject, topic, file: path.relative(process.cwd(), file), schema: readFileSync(file, 'utf8') };
  });
}

/** Check every local schema against the registry's latest version of its subject; writes nothing. */
export async function checkSchemas(registry: SchemaRegistry, subjects = localSubjects()): Promise<SubjectCheck[]> {
  const api = subjectApi(registry);
  return Promise.all(
    subjects.map(async ({ subject, topic, file, schema }): Promise<SubjectCheck> => {
      let latest: { id: number; version: number; schema: string };
      try {
        latest = (await api.latestVersion({ subject })).data();
      } catch (error) {
        if (statusOf(error) === 404) return { subject, topic, file, status: 'new', reasons: [] };
        throw error;
      }
      const next = JSON.parse(schema) as avsc.Schema;
      const previous = JSON.parse(latest.schema) as avsc.Schema;
      const reasons = [...incompatibilities(next, previous), ...removedRequiredFields(next, previous)];
      const verdict = (await api.compatible({ subject, body: { schema } })).data();
      if (!verdict.is_compatible && reasons.length === 0) reasons.push('the registry rejects it (it gave no detail)');
      return {
        subject,
        topic,
        file,
        status: reasons.length === 0 ? 'compatible' : 'incompatible',
        reasons,
        latest: { id: latest.id, version: latest.version },
      };
    }),
  );
}

/**
 * Register every local schema under its subject with BACKWARD compatibility. Idempotent: an
 * unchanged schema keeps its id and version. Throws `IncompatibleSchemaError` before registering
 * anything when any subject would break.
 */
export async function registerSchemas(registry: SchemaRegistry, subjects = localSubjects()): Promise<Registration[]> {
  const checks = await checkSchemas(registry, subjects);
  const broken = checks.filter((c) => c.status === 'incompatible');
  if (broken.length > 0) throw new IncompatibleSchemaError(broken);

  const api = subjectApi(registry);
  const results: Registration[] = [];
  for (const { subject, schema } of subjects) {
    const before = checks.find((c) => c.subject === subject)?.latest;
    // Apicurio reports NONE for a subject without its own rule; set ours explicitly so the
    // registry enforces BACKWARD even against producers that bypass this command.
    if (before) await ensureCompatibility(api, subject);
    const { id } = (await api.register({ subject, body: { schema } })).data();
    if (!before) await ensureCompatibility(api, subject);
    const { version } = (await api.latestVersion({ subject })).data();
    results.push({ subject, id, version, changed: before?.id !== id });
  }
  return results;
}

async function ensureCompatibility(api: SubjectApi, subject: string): Promise<void> {
  const current = await api.config({ subject }).then(
    (response) => response.data().compatibilityLevel,
    () => undefined,
  );
  if (current?.toUpperCase() !== COMPATIBILITY) await api.updateConfig({ subject, body: { compatibility: COMPATIBILITY } });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

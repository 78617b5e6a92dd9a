/**
 * The hostile records of the fault run, one per way a single record has stalled or crashed a
 * store or a stage (issue 13), each with the dead letter it must become:
 *
 * | poison | what breaks | must end as |
 * | --- | --- | --- |
 * | `neo4jKey` | a commit author's 9 KB login: Neo4j's Developer key is too large to index | its event, dead-lettered by `sink:neo4j` (and by the vector store, whose ids stop at 512 characters); the rest keep it |
 * | `nulText` | a NUL in the author's name: PostgreSQL text cannot hold 0x00 | its event, dead-lettered by `sink:postgres` (and by the vector store when that is PostgreSQL too); the rest keep it |
 * | `oversized` | a 300 KB commit message: the raw webhook fits its topic, the event not `eng.events.v1` (created with `max.message.bytes` 256 KiB) | the webhook, dead-lettered by `normalize` with the size and the limit |
 * | `deepJson` | a body nested 10,000 deep | the webhook, dead-lettered by `normalize`, naming the depth (not a stack overflow) |
 * | `notAvro` | bytes on a raw topic that are neither Avro nor JSON | its position, dead-lettered by `normalize` |
 * | `unknownSchemaId` | magic byte 0 and a schema id the registry never issued | its position, dead-lettered by `normalize` |
 *
 * Reasons are checked as patterns over `<errorClass>: <errorMessage>`, loose enough for any
 * honest wording and tight enough that a wrong one (a stack overflow, a timeout) fails.
 * The webhooks are GitHub pushes of one commit, made from a synthetic push so they normalize
 * like any other, with their own delivery ids and shas.
 */
import { randomBytes } from 'node:crypto';
import type { EngEvent, RawWebhook } from '../../avro/generated/types.ts';
import { expectedEvents, syntheticWebhooks } from '../../replay/index.ts';

/** `max.message.bytes` of the run's events topic: the oversized event must exceed it, its webhook not. */
export const EVENTS_TOPIC_MAX_BYTES = 256 * 1024;

export const POISON_NAMES = ['neo4jKey', 'nulText', 'oversized', 'deepJson', 'notAvro', 'unknownSchemaId'] as const;
export type PoisonName = (typeof POISON_NAMES)[number];

/** CHAOS_POISONS: a comma-separated subset of POISON_NAMES, `none`, or every one when unset. */
export function choosePoisons(setting: string | undefined): Set<PoisonName> {
  const raw = setting?.trim();
  if (!raw) return new Set(POISON_NAMES);
  if (raw === 'none') return new Set();
  const names = raw.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(POISON_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`CHAOS_POISONS: unknown poison ${unknown.join(', ')}; one or more of ${POISON_NAMES.join(', ')}, or none`);
  return new Set(names as PoisonName[]);
}

/** One dead letter the run must find: by the id the DLQ audit gives it, the stage and the reason. */
export interface ExpectedLetter {
  readonly poison: PoisonName;
  /** Ids it may carry (a webhook's delivery id, an event id, `<topic>/<partition>@<offset>`). */
  readonly ids: readonly string[];
  readonly stage: string;
  readonly reason: RegExp;
  /** Allowed, not required (a vector store on PostgreSQL refusing the NUL too). */
  readonly optional?: boolean;
}

export interface PoisonWebhook {
  readonly poison: PoisonName;
  readonly webhook: RawWebhook;
  /** Events it normalizes to that stores other than the failing one must keep. */
  readonly goodElsewhere: readonly EngEvent[];
}

const REASONS = {
  neo4jKey: /too large|key.*(size|long|large)|(size|length).*key/i,
  nulText: /0x00|\\u0000|\bnul\b|null (byte|character)|invalid byte sequence|unsupported unicode/i,
  oversized: /max\.message\.bytes|too large|exceeds|larger than|MESSAGE_TOO_LARGE/i,
  deepJson: /deep|depth|nest/i,
  notAvro: /malformed|magic|neither|not (avro|json)|unexpected token|SWY_CODEC/i,
  unknownSchemaId: /schema (id )?\d+|unknown ?schema/i,
} as const satisfies Record<PoisonName, RegExp>;

/** A one-commit push to mutate, from a seed and index range no replayed webhook uses. */
function pushTemplate(seed: number): { body: Record<string, unknown>; webhook: RawWebhook } {
  for (const webhook of syntheticWebhooks({ count: 500, seed: seed + 7_919 })) {
    if (webhook.eventName !== 'push') continue;
    const body = JSON.parse(webhook.body) as { commits: Record<string, unknown>[] } & Record<string, unknown>;
    if (body.commits.length > 0) return { body: { ...body, commits: [body.commits[0]!] }, webhook };
  }
  throw new Error('no synthetic push to build the poison webhooks from');
}

function pushWith(template: ReturnType<typeof pushTemplate>, name: PoisonName, change: (commit: Record<string, unknown>) => Record<string, unknown>): RawWebhook {
  const sha = randomBytes(20).toString('hex');
  const original = (template.body.commits as Record<string, unknown>[])[0]!;
  // An email of its own: PostgreSQL links identities by email, and two poisons by one person would share a daily counter.
  const author = { ...(original.author as Record<string, unknown>), email: `${name.toLowerCase()}-${sha.slice(0, 8)}@poison.example` };
  const commit = change({ ...original, id: sha, author });
  const deliveryId = `fault-poison-${name}-${sha.slice(0, 8)}`;
  const body = JSON.stringify({ ...template.body, after: sha, head_commit: commit, commits: [commit] });
  return { ...template.webhook, deliveryId, headers: { ...template.webhook.headers, 'x-github-delivery': deliveryId }, body };
}

/** The four poison webhooks and what each must become; the two raw-byte poisons are in `rawPoisons`. */
export function poisonWebhooks(seed: number): { webhooks: PoisonWebhook[]; letters: ExpectedLetter[] } {
  const template = pushTemplate(seed);
  const person = (commit: Record<string, unknown>) => commit.author as Record<string, unknown>;

  // Repetitive on purpose: PostgreSQL compresses it below its own index limit, Neo4j does not.
  const neo4jKey = pushWith(template, 'neo4jKey', (c) => ({ ...c, author: { ...person(c), username: `k${'x'.repeat(9 * 1024)}` } }));
  const nulText = pushWith(template, 'nulText', (c) => ({ ...c, author: { ...person(c), name: `Nul\u0000Person` } }));
  const oversized = pushWith(template, 'oversized', (c) => ({ ...c, message: `big ${randomBytes(150 * 1024).toString('hex')}` }));
  const deepJson: RawWebhook = { ...template.webhook, deliveryId: `fault-poison-deepJson-${randomBytes(4).toString('hex')}`, body: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` };

  const [neo4jEvent] = expectedEvents(neo4jKey);
  const [nulEvent] = expectedEvents(nulText);
  const [oversizedEvent] = expectedEvents(oversized);
  if (!neo4jEvent || !nulEvent || !oversizedEvent) throw new Error('a poison push did not normalize to an event: the template changed');
  const size = Buffer.byteLength(oversized.body);
  if (size < EVENTS_TOPIC_MAX_BYTES) throw new Error(`the oversized poison is ${size} bytes, not over ${EVENTS_TOPIC_MAX_BYTES}`);

  return {
    webhooks: [
      { poison: 'neo4jKey', webhook: neo4jKey, goodElsewhere: [neo4jEvent] },
      { poison: 'nulText', webhook: nulText, goodElsewhere: [nulEvent] },
      { poison: 'oversized', webhook: oversized, goodElsewhere: [] },
      { poison: 'deepJson', webhook: deepJson, goodElsewhere: [] },
    ],
    letters: [
      { poison: 'neo4jKey', ids: [neo4jEvent.eventId], stage: 'sink:neo4j', reason: REASONS.neo4jKey },
      // The vector store keys profiles by the same identity: Pinecone's ids (and ours on pgvector) stop at 512 characters.
      { poison: 'neo4jKey', ids: [neo4jEvent.eventId], stage: 'sink:pinecone', reason: /512|too long|ids? (are|is|must)/i, optional: true },
      { poison: 'nulText', ids: [nulEvent.eventId], stage: 'sink:postgres', reason: REASONS.nulText },
      { poison: 'nulText', ids: [nulEvent.eventId], stage: 'sink:pinecone', reason: REASONS.nulText, optional: true },
      // Normalize may dead-letter the webhook it read or the event it could not write.
      { poison: 'oversized', ids: [oversized.deliveryId, oversizedEvent.eventId], stage: 'normalize', reason: REASONS.oversized },
      { poison: 'deepJson', ids: [deepJson.deliveryId], stage: 'normalize', reason: REASONS.deepJson },
    ],
  };
}

/** A schema id no registry issues: Apicurio and Confluent count up from 1. */
export const NEVER_ISSUED_SCHEMA_ID = 2_000_000_000;

/** The two poisons that are bytes, not webhooks: their dead letters are known by position once produced. */
export function rawPoisons(): { poison: PoisonName; value: Buffer; reason: RegExp }[] {
  const unknownId = Buffer.alloc(5);
  unknownId.writeUInt8(0, 0);
  unknownId.writeUInt32BE(NEVER_ISSUED_SCHEMA_ID, 1);
  return [
    // Not JSON either (the raw topics accept JSON): 0xff can start neither.
    { poison: 'notAvro', value: Buffer.concat([Buffer.from([0xff, 0xfe, 0x01]), Buffer.from('this is not avro')]), reason: REASONS.notAvro },
    { poison: 'unknownSchemaId', value: Buffer.concat([unknownId, Buffer.from('opaque payload')]), reason: REASONS.unknownSchemaId },
  ];
}

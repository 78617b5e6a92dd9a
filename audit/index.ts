/**
 * What an audit reports, and the dead-letter audit. Each store audits itself (its descriptor's
 * `audit`, in sinks/<store>/audit.ts): whether it holds each event it accepts exactly once
 * (after idempotency). `npm run chaos` runs them all (chaos/audits.ts).
 *
 *     const results = [...stores.map((s) => s.audit(sink, events)), await auditDeadLetters({ kafka, topic, codec, expected })];
 *     for (const r of results) console.log(describeResult(r), ...r.details, ...r.notes);
 */
export { auditDeadLetters, deadLetterIdOf, readDeadLetters, type DeadLetterAudit, type DeadLetterAuditOptions, type IdentifiedLetter } from './deadLetters.ts';
export { describeResult, type AuditResult, type Findings } from './result.ts';

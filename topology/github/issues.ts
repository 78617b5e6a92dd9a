/**
 * `issues` → `issue.opened`, `.edited`, `.closed`, `.reopened`, `.labeled`, `.unlabeled` (the
 * actions of the same names), each with the issue as it is after the change; other actions
 * (assigned, milestoned, transferred, …) are skipped. Reopenings and labels matter to the DORA
 * metrics: incidents are issues labeled as such (DevLake's rule), open until closed for good.
 *
 * Event ids use the issue's numeric id, which survives a transfer to another repository (the
 * number does not). Then, per type, what tells two occurrences apart:
 * - opened: nothing more; an issue is opened once.
 * - edited, reopened: `updated_at`, which every change moves.
 * - closed: `closed_at`, since an issue can be closed, reopened and closed again.
 * - labeled, unlabeled: `updated_at` and the label's name (the body's `label.name`), since
 *   several labels added at once may share one `updated_at`. GitHub's schema lets `label` be
 *   absent; such an event is told apart by `updated_at` alone.
 *
 * occurredAt: `created_at` (opened), `closed_at` (closed), `updated_at` (the others).
 */
import { z } from 'zod';
import type { EngEventType, RawWebhook } from '../../avro/generated/types.ts';
import { normalized, type Outcome } from '../normalizer.ts';
import { byAction, githubEvent, githubId, identity, idTime, int32, timestamp, user, webhookBase } from './githubInternals.ts';
import { readValue } from '../payload.ts';

const issue = z.looseObject({
  id: githubId,
  number: int32,
  title: z.string(),
  state: z.string(),
  state_reason: z.string().nullish(),
  user,
  assignees: z.array(user),
  labels: z.array(z.looseObject({ name: z.string() })),
  created_at: timestamp,
  updated_at: timestamp,
  closed_at: timestamp.nullable(),
  html_url: z.string(),
});

const issueBody = z.looseObject({ ...webhookBase, issue });
/** A closed issue must say when it was closed. */
const closedBody = z.looseObject({ ...webhookBase, issue: issue.extend({ closed_at: timestamp }) });
/** A label change names the label, when GitHub sends it. */
const labelBody = issueBody.extend({ label: z.looseObject({ name: z.string() }).nullish() });

const ACTIONS = ['opened', 'edited', 'closed', 'reopened', 'labeled', 'unlabeled'] as const;
type Action = (typeof ACTIONS)[number];
type IssueType = Extract<EngEventType, `issue.${Action}`>;

export function issues(webhook: RawWebhook): Outcome {
  return byAction(webhook, ACTIONS, (action, value) => {
    if (action === 'closed') {
      return readValue(closedBody, value, (body) => issueEvent(webhook, 'issue.closed', body, [idTime(body.issue.closed_at)], body.issue.closed_at));
    }
    if (action === 'labeled' || action === 'unlabeled') {
      return readValue(labelBody, value, (body) => {
        const label = body.label === null || body.label === undefined ? [] : [body.label.name];
        return issueEvent(webhook, `issue.${action}`, body, [idTime(body.issue.updated_at), ...label], body.issue.updated_at);
      });
    }
    return readValue(issueBody, value, (body) =>
      action === 'opened'
        ? issueEvent(webhook, 'issue.opened', body, [], body.issue.created_at)
        : issueEvent(webhook, `issue.${action}`, body, [idTime(body.issue.updated_at)], body.issue.updated_at),
    );
  });
}

function issueEvent(webhook: RawWebhook, type: IssueType, body: z.infer<typeof issueBody>, occurrence: readonly string[], occurredAt: number): Outcome {
  const { issue } = body;
  const payload = {
    repository: body.repository.full_name,
    number: issue.number,
    title: issue.title,
    state: issue.state,
    stateReason: issue.state_reason ?? null,
    author: identity(issue.user),
    assignees: issue.assignees.map(identity),
    labels: issue.labels.map((label) => label.name),
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at,
    url: issue.html_url,
  };
  return normalized([githubEvent(webhook, { type, naturalKey: [issue.id, ...occurrence], occurredAt, body, payload })]);
}

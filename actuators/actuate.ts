/**
 * One command, carried out at most once (ledger.ts), or logged in dry-run: the step `guard` runs
 * for each record of the actuator sub-topology.
 *
 *     claim ─┬─ done already ──────────────────────────────► duplicate (nothing sent)
 *            ├─ fresh ─────────────────── perform ─► done ─► performed
 *            └─ uncertain ─ check target ─┬─ found ─► done ─► found-done
 *                                         └─ perform ─► done ─► performed
 *
 * A rejection by the target (4xx, Slack ok:false) releases the claim — nothing was applied — and
 * is rethrown for guard to dead-letter or retry; a 5xx or no answer keeps it, so the retry checks.
 * So does any failure of the check itself: the earlier attempt is still unaccounted for.
 */
import type { JiraCommand, SlackNotification } from '../avro/generated/types.ts';
import { checking, type Target, UpstreamError } from './errors.ts';
import type { JiraClient } from './jira/client.ts';
import { type Attempt, type Performed, performJiraCommand } from './jira/perform.ts';
import type { Ledger } from './ledger.ts';
import type { SlackPoster } from './slack/poster.ts';

export type ActOutcome = 'performed' | 'found-done' | 'duplicate' | 'dry-run';

export interface Actuator {
  jira(command: JiraCommand): Promise<ActOutcome>;
  slack(notification: SlackNotification): Promise<ActOutcome>;
}

export interface TargetActuator<C> {
  /** Live: through the ledger. Dry-run: the client logs instead of sending, the ledger is not touched. */
  readonly mode: 'live' | 'dry-run';
  readonly perform: (command: C, attempt: Attempt) => Promise<Performed>;
}

/** At most once per id, through the ledger. */
export async function act(ledger: Ledger, id: string, target: Target, perform: (attempt: Attempt) => Promise<Performed>): Promise<ActOutcome> {
  const claim = await ledger.claim(id, target);
  if (claim.state === 'done') return 'duplicate';
  const attempt: Attempt = { uncertain: claim.state === 'uncertain', detail: claim.state === 'uncertain' ? claim.detail : null, note: (detail) => ledger.note(id, detail) };
  let performed: Performed;
  try {
    performed = await perform(attempt);
  } catch (error) {
    if (error instanceof UpstreamError && error.applied === 'no') await ledger.release(id);
    throw error;
  }
  await ledger.done(id, performed.outcome, performed.result);
  return performed.outcome;
}

const fresh: Attempt = { uncertain: false, detail: null, note: async () => {} };

export function jiraPerformer(client: JiraClient, dryRun = false): (command: JiraCommand, attempt: Attempt) => Promise<Performed> {
  return (command, attempt) => performJiraCommand(client, command, attempt, dryRun);
}

export function slackPerformer(poster: SlackPoster): (notification: SlackNotification, attempt: Attempt) => Promise<Performed> {
  return async (notification, attempt) => {
    if (attempt.uncertain) {
      const found = await checking(() => poster.findPosted(notification));
      if (found !== null && found !== 'unknown') return { outcome: 'found-done', result: found };
    }
    return { outcome: 'performed', result: await poster.post(notification) };
  };
}

/** The actuator over a ledger and a performer per target; the actuator sub-topology counts its outcomes. */
export function actuator(ledger: Ledger, jira: TargetActuator<JiraCommand>, slack: TargetActuator<SlackNotification>): Actuator {
  const run = async <C>(target: Target, id: string, command: C, t: TargetActuator<C>): Promise<ActOutcome> => {
    if (t.mode === 'dry-run') {
      await t.perform(command, fresh);
      return 'dry-run';
    }
    return act(ledger, id, target, (attempt) => t.perform(command, attempt));
  };
  return {
    jira: (command) => run('jira', command.commandId, command, jira),
    slack: (notification) => run('slack', notification.notificationId, notification, slack),
  };
}

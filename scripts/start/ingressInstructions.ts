/**
 * What `npm start` prints about the webhook ingress: each sender's route and whether it takes
 * deliveries (its secrets, or why not), and a `curl` that sends a signed GitHub `ping` when
 * GitHub has a secret, so a person can see one delivery go through before pointing GitHub at it.
 */
import type { IngressSettings } from '../../ingress/config.ts';
import { secretsVariable, senderState } from '../../ingress/config.ts';
import { RECEIVERS } from '../../ingress/receivers.ts';

export interface IngressInstructionsOptions {
  readonly url: string;
  readonly settings: IngressSettings;
}

export function ingressInstructions({ url, settings }: IngressInstructionsOptions): string {
  const lines = RECEIVERS.map((receiver) => `  ${receiver.label.padEnd(13)}POST ${url}/webhooks/${receiver.route}   ${senderState(receiver, settings).text}`);
  const github = RECEIVERS.find((r) => r.route === 'github');
  const signed = github !== undefined && (settings.credentials.github?.length ?? 0) > 0;
  const tryIt = signed
    ? [
        '  Try one (a signed ping; use your secret for $SECRET):',
        `    body='{"zen":"Keep it logically awesome.","hook_id":1}'`,
        `    curl -X POST ${url}/webhooks/github -H 'Content-Type: application/json' -H 'X-GitHub-Event: ping' -H "X-GitHub-Delivery: try-$(date +%s)" \\`,
        `      -H "X-Hub-Signature-256: sha256=$(printf %s "$body" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)" -d "$body"`,
      ]
    : [`  To point GitHub at it: a secret in .env (${github === undefined ? 'SWITCHYARD_INGRESS_GITHUB_SECRETS' : secretsVariable(github)}=<any long random string>, the same in the webhook's settings), content type application/json, and a public HTTPS address in front (ingress/README.md).`];
  return [...lines, ...tryIt].join('\n');
}

import { describe, expect, it } from 'vitest';
import { readSection } from '../../config/spec.ts';
import { ingressConfig } from '../../ingress/config.ts';
import { ingressInstructions } from './ingressInstructions.ts';

const URL = 'http://127.0.0.1:8791';

describe('what npm start says of the ingress', () => {
  it('names each sender with its route, and why one without a secret is refused', () => {
    const text = ingressInstructions({ url: URL, settings: readSection(ingressConfig, { SWITCHYARD_INGRESS_JIRA_SECRETS: 'a,b' }) });
    expect(text).toContain(`POST ${URL}/webhooks/github   refused (503) until SWITCHYARD_INGRESS_GITHUB_SECRETS is set`);
    expect(text).toContain(`POST ${URL}/webhooks/jira   2 secrets`);
    expect(text).toContain(`POST ${URL}/webhooks/alertmanager   refused (503) until SWITCHYARD_INGRESS_ALERTMANAGER_SECRETS is set (bearer:TOKEN or basic:USER:PASSWORD`);
    expect(text).toContain('To point GitHub at it');
    expect(text).not.toContain('openssl');
  });

  it('shows a signed ping to try once GitHub has a secret, and says loudly when a sender is taken unproven', () => {
    const text = ingressInstructions({ url: URL, settings: readSection(ingressConfig, { SWITCHYARD_INGRESS_GITHUB_SECRETS: 's', SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'notion' }) });
    expect(text).toContain(`curl -X POST ${URL}/webhooks/github`);
    expect(text).toContain('openssl dgst -sha256 -hmac "$SECRET"');
    expect(text).toMatch(/Notion\s+POST \S+\/webhooks\/notion {3}UNPROVEN deliveries accepted/);
  });
});

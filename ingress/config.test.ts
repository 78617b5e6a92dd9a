import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.ts';
import { readSection } from '../config/spec.ts';
import { ingressConfig, redactedIngressSettings, senderState } from './config.ts';
import { RECEIVERS } from './receivers.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    readSection(ingressConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('the ingress settings', () => {
  it('default to loopback on 8791, 25 MiB bodies, no sender configured', () => {
    const settings = readSection(ingressConfig, {});
    expect(settings).toMatchObject({ host: '127.0.0.1', port: 8791, maxBodyBytes: 26_214_400, requestTimeoutMs: 5_000, produceTimeoutMs: 3_000, allowUnproven: [] });
    expect(settings.credentials).toEqual({ github: [], jira: [], notion: [], alertmanager: [] });
  });

  it('read several secrets per sender for rotation, and Alertmanager credentials by kind', () => {
    const settings = readSection(ingressConfig, { SWITCHYARD_INGRESS_GITHUB_SECRETS: 'old, new', SWITCHYARD_INGRESS_ALERTMANAGER_SECRETS: 'bearer:t:with:colons,basic:am:p:w' });
    expect(settings.credentials.github!.map((c) => (c.kind === 'secret' ? c.secret.export().toString() : c.kind))).toEqual(['old', 'new']);
    expect(settings.credentials.alertmanager).toEqual([
      { kind: 'bearer', token: Buffer.from('t:with:colons') },
      { kind: 'basic', user: 'am', password: Buffer.from('p:w') },
    ]);
    expect(redactedIngressSettings(settings).credentials).toEqual({ github: 2, jira: 0, notion: 0, alertmanager: 2 });
    expect(JSON.stringify(redactedIngressSettings(settings))).not.toMatch(/old|with:colons/);
  });

  it('refuse an Alertmanager entry of no known kind, by position, never echoing it', () => {
    const problems = problemsOf({ SWITCHYARD_INGRESS_ALERTMANAGER_SECRETS: 'bearer:ok,hunter2' });
    expect(problems).toEqual([expect.objectContaining({ variable: 'SWITCHYARD_INGRESS_ALERTMANAGER_SECRETS', message: 'entry 2 must be bearer:TOKEN or basic:USER:PASSWORD' })]);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('refuse unproven deliveries on an address other machines reach, and senders that do not exist', () => {
    expect(problemsOf({ SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'github', SWITCHYARD_INGRESS_HOST: '0.0.0.0' })).toEqual([
      expect.objectContaining({ variable: 'SWITCHYARD_INGRESS_ALLOW_UNPROVEN', message: expect.stringContaining('SWITCHYARD_INGRESS_HOST is 0.0.0.0, which other machines reach: configure SWITCHYARD_INGRESS_GITHUB_SECRETS instead') }),
    ]);
    expect(problemsOf({ SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'gitlab' })).toEqual([expect.objectContaining({ message: '"gitlab" is not a sender: give any of github, jira, notion, alertmanager' })]);
    expect(readSection(ingressConfig, { SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'github,notion', SWITCHYARD_INGRESS_HOST: '::1' }).allowUnproven).toEqual(['github', 'notion']);
  });

  it('say in words whether each sender is taken, loudly when unsigned deliveries are', () => {
    const settings = readSection(ingressConfig, { SWITCHYARD_INGRESS_GITHUB_SECRETS: 's', SWITCHYARD_INGRESS_ALLOW_UNPROVEN: 'github,notion' });
    const [github, jira, notion] = RECEIVERS;
    expect(senderState(github!, settings)).toEqual({ open: true, text: '1 secret; UNSIGNED deliveries accepted too (SWITCHYARD_INGRESS_ALLOW_UNPROVEN: local trials only)' });
    expect(senderState(jira!, settings)).toEqual({ open: false, text: "refused (503) until SWITCHYARD_INGRESS_JIRA_SECRETS is set (the admin webhook's secret)" });
    expect(senderState(notion!, settings)).toMatchObject({ open: true, text: expect.stringMatching(/^UNPROVEN deliveries accepted/) });
  });

  it('refuse timeouts that together exceed what GitHub waits for an answer', () => {
    expect(problemsOf({ SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS: '6000', SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS: '4000' })).toEqual([
      expect.objectContaining({ variable: 'SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS', message: expect.stringContaining('it is 10000 ms, more than the 9000 ms a delivery may take to be answered') }),
    ]);
    expect(readSection(ingressConfig, { SWITCHYARD_INGRESS_REQUEST_TIMEOUT_MS: '6000', SWITCHYARD_INGRESS_PRODUCE_TIMEOUT_MS: '3000' }).produceTimeoutMs).toBe(3000);
  });

  it('refuse a body limit above what GitHub sends or below 1 KiB', () => {
    expect(problemsOf({ SWITCHYARD_INGRESS_MAX_BODY_BYTES: String(26 * 1_048_576) })).toEqual([expect.objectContaining({ variable: 'SWITCHYARD_INGRESS_MAX_BODY_BYTES' })]);
    expect(problemsOf({ SWITCHYARD_INGRESS_MAX_BODY_BYTES: '10' })).toEqual([expect.objectContaining({ variable: 'SWITCHYARD_INGRESS_MAX_BODY_BYTES' })]);
  });
});

/**
 * The receivers the sources declare, against the sources' own fixtures: the ingress names a
 * delivery the way replay names the same body, and keeps the headers replay makes up for it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { madeUpDeliveryId } from './receiver.ts';
import { SOURCES, sourceNames } from './sources.ts';

const receivers = SOURCES.flatMap((source) => source.receivers.map((receiver) => ({ source, receiver })));

describe('the receivers', () => {
  it('have one route each, and every route is a source or sender normalize reads', () => {
    const routes = receivers.map(({ receiver }) => receiver.route);
    expect(new Set(routes).size).toBe(routes.length);
    for (const route of routes) expect(sourceNames()).toContain(route);
    expect(routes).toEqual(['github', 'jira', 'notion', 'alertmanager']);
  });

  it('keep the headers replay makes up for a delivery, and never a signature or credentials', () => {
    for (const { source, receiver } of receivers) {
      for (const name of Object.keys(source.headers('push', 'd-1'))) expect(receiver.keptHeaders).toContain(name);
      const proofHeader = receiver.proof.kind === 'hmac-sha256' ? receiver.proof.header : 'authorization';
      expect(receiver.keptHeaders).not.toContain(proofHeader);
      expect(receiver.keptHeaders.every((h) => h === h.toLowerCase())).toBe(true);
    }
  });

  for (const { source, receiver } of receivers) {
    it(`${receiver.route}: names each of its source's fixtures as replay does`, () => {
      const fixtures = source.fixtures().filter((f) => f.source === receiver.route);
      expect(fixtures.length).toBeGreaterThan(0);
      for (const fixture of fixtures) {
        const text = readFileSync(fixture.file, 'utf8');
        const headers = { ...source.headers(fixture.eventName, 'delivery-7') };
        const names = receiver.read({ headers, body: JSON.parse(text) as unknown, text });
        expect(names, fixture.name).toMatchObject({ eventName: fixture.eventName });
        if ('deliveryId' in names && receiver.route !== 'notion' && receiver.route !== 'alertmanager') expect(names.deliveryId).toBe('delivery-7');
      }
    });
  }

  it('take a delivery id only when it looks like one, and make one up from the body otherwise', () => {
    const github = receivers.find((r) => r.receiver.route === 'github')!.receiver;
    const named = (id: string) => github.read({ headers: { 'x-github-event': 'ping', 'x-github-delivery': id }, body: {}, text: '{}' });
    expect(named('72d3162e-cc78-11e3-81ab-4c9367dc0958')).toMatchObject({ deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    for (const bad of ['', 'x'.repeat(129), 'a b', 'id\u0000', '<script>']) expect(named(bad)).toMatchObject({ deliveryId: madeUpDeliveryId('github', '{}') });
  });

  it('make up the same id for the same body, and another for another', () => {
    expect(madeUpDeliveryId('alertmanager', '{"a":1}')).toBe(madeUpDeliveryId('alertmanager', '{"a":1}'));
    expect(madeUpDeliveryId('alertmanager', '{"a":1}')).not.toBe(madeUpDeliveryId('alertmanager', '{"a":2}'));
  });

  it('say why a body is not a delivery of theirs', () => {
    const at = (route: string) => receivers.find((r) => r.receiver.route === route)!.receiver;
    expect(at('github').read({ headers: {}, body: {}, text: '{}' })).toEqual({ reason: 'X-GitHub-Event is missing: GitHub names the event in that header' });
    expect(at('github').read({ headers: { 'x-github-event': 'push; drop' }, body: {}, text: '{}' })).toMatchObject({ reason: expect.stringContaining('is not an event name') });
    expect(at('jira').read({ headers: {}, body: [], text: '[]' })).toMatchObject({ reason: expect.stringContaining('webhookEvent is missing') });
    expect(at('notion').read({ headers: {}, body: { type: 'page.created' }, text: '' })).toMatchObject({ reason: expect.stringContaining('id is missing') });
    expect(at('notion').read({ headers: {}, body: { type: 'page.created', id: 'a'.repeat(200) }, text: '' })).toMatchObject({ reason: expect.stringContaining('not an id') });
    expect(at('alertmanager').read({ headers: {}, body: { version: '4' }, text: '' })).toMatchObject({ reason: expect.stringContaining('alerts is missing') });
    expect(at('notion').handshake!({ verification_token: 'secret_x' })).toBe('secret_x');
    expect(at('notion').handshake!({ verification_token: 'secret_x', type: 'page.created' })).toBeUndefined();
  });
});

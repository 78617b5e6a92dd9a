import { describe, expect, it } from 'vitest';
import { kafkaProbe, type ClusterAdmin } from './kafkaProbe.ts';

/** An admin client stand-in whose cluster answers, refuses, or never answers, as the test says. */
function standInAdmin() {
  const state = { mode: 'answers' as 'answers' | 'refuses' | 'silent', asked: 0, connects: 0 };
  const admin: ClusterAdmin = {
    connect: async () => void (state.connects += 1),
    describeCluster: () => {
      state.asked += 1;
      if (state.mode === 'answers') return Promise.resolve({ brokers: [{ nodeId: 1 }] });
      if (state.mode === 'refuses') return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092'));
      return new Promise(() => {});
    },
    disconnect: async () => {},
  };
  return { admin, state };
}

describe('the Kafka probe of /readyz', () => {
  it('says ready while the cluster answers, and asks at most once per interval', async () => {
    let clock = 0;
    const { admin, state } = standInAdmin();
    const probe = kafkaProbe(admin, { everyMs: 1_000, now: () => clock });
    expect(await probe.readiness()).toMatchObject({ ready: true });
    expect(await probe.readiness()).toMatchObject({ ready: true });
    expect(state.asked).toBe(1);
    clock = 1_000;
    await probe.readiness();
    expect(state.asked).toBe(2);
    expect(state.connects).toBe(1);
  });

  it('says not ready, with why, when the cluster refuses or does not answer in time; and ready again after', async () => {
    let clock = 0;
    const { admin, state } = standInAdmin();
    const probe = kafkaProbe(admin, { everyMs: 1_000, timeoutMs: 50, now: () => clock });
    state.mode = 'refuses';
    expect(await probe.readiness()).toEqual({ name: 'ingress:kafka-reachable', ready: false, reason: 'Kafka does not answer: connect ECONNREFUSED 127.0.0.1:9092' });
    clock = 1_000;
    state.mode = 'silent';
    expect(await probe.readiness()).toMatchObject({ ready: false, reason: 'Kafka does not answer: no answer within 50 ms' });
    clock = 2_000;
    state.mode = 'answers';
    expect(await probe.readiness()).toMatchObject({ ready: true });
    expect(state.connects).toBe(3);
  });
});

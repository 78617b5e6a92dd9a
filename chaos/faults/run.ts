/**
 * `npm run chaos -- --faults`: the hostile world of issue 13, on the real stack.
 *
 *   1. The run's own corner of the stack (chaos/isolation.ts), its events topic made with a small
 *      `max.message.bytes` (poisons.ts), and ONE `switchyard worker` child for the whole run.
 *   2. CHAOS_EVENTS synthetic webhooks (default 50,000) replayed at CHAOS_RATE per second (default
 *      200, so the replay spans every fault), carried through the Kafka outage (feeder.ts).
 *   3. The poison records (poisons.ts), then the service faults one after another, spread along
 *      the replay (stackFaults.ts), each an outage and a restart by the stack's own start code,
 *      the registry's outage bringing schema ids the worker has never seen (unseenSchema.ts);
 *      after each, the time until every group is back near the replay's live edge.
 *   4. After the last fault: the time until nothing is left to read. That and each fault's
 *      recovery must be within twice the longest outage. Then a planned SIGTERM and the verdict:
 *      every good event exactly once in every store (chaos/audits.ts), every poison in the DLQ
 *      with its reason and nothing else (deadLetters.ts), no unplanned worker exit
 *      (workerKeeper.ts). Other CHAOS_* variables: CHAOS_SEED, CHAOS_WARMUP_S,
 *      CHAOS_REGISTRY_DOWN_S (20), CHAOS_POSTGRES_DOWN_S (10), CHAOS_CLICKHOUSE_DOWN_S (30),
 *      CHAOS_LOG_LEVEL (the worker's, info).
 *
 * Needs the native stack (it kills processes by their pid files). Run it on a private stack with
 * SWITCHYARD_STACK_DIR and the SWITCHYARD_*_PORT variables when others use the shared one. Prints
 * what it does as it goes, then one JSON line of the figures; exits 0 when everything held.
 * `--keep` leaves the run's data in place. CHAOS_POISONS=a,b (names in poisons.ts, or `none`)
 * injects only those poisons: to tell the faults' findings from one poison that stalls everything.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createCodec } from '../../avro/codec.ts';
import type { EngEvent, RawWebhook } from '../../avro/generated/types.ts';
import { registerSchemas } from '../../avro/registration.ts';
import type { RawTopic } from '../../avro/schemas.ts';
import { readDeadLetters, type AuditResult } from '../../audit/index.ts';
import { createTopics } from '../../cli/commands/topics.ts';
import { messageOf } from '../../operators/errors.ts';
import { expectedEvents, syntheticWebhooks } from '../../replay/index.ts';
import { allHealthy, stackUp } from '../../scripts/stack/provider.ts';
import { auditStores } from '../audits.ts';
import { cleanUp } from '../cleanup.ts';
import { openCorner } from '../corner.ts';
import { switchyardGroups } from '../drained.ts';
import { wholeNumber } from '../wholeNumber.ts';
import { judgeDeadLetters, type LetterVerdict } from './deadLetters.ts';
import { feed } from './feeder.ts';
import { totalBehind, watchLag } from './lagWatch.ts';
import { choosePoisons, EVENTS_TOPIC_MAX_BYTES, poisonWebhooks, rawPoisons, type ExpectedLetter } from './poisons.ts';
import { producePoison } from './producePoison.ts';
import { injectAndRestore, requireNativeStack, stackFaults } from './stackFaults.ts';
import { judge, type FaultFigure } from './verdict.ts';
import { dropUnseenSubjects, registerUnseenVersions, switchableCodec } from './unseenSchema.ts';
import { keepWorker, type WorkerKeeper } from './workerKeeper.ts';

export async function runFaults(): Promise<number> {
  const EVENTS = wholeNumber('CHAOS_EVENTS', 50_000);
  const RATE = Math.max(1, wholeNumber('CHAOS_RATE', 200));
  const SEED = wholeNumber('CHAOS_SEED', Date.now() % 1_000_000);
  const WARMUP_MS = wholeNumber('CHAOS_WARMUP_S', 10) * 1000;
  const durations = {
    registryDownMs: wholeNumber('CHAOS_REGISTRY_DOWN_S', 20) * 1000,
    postgresDownMs: wholeNumber('CHAOS_POSTGRES_DOWN_S', 10) * 1000,
    clickhouseDownMs: wholeNumber('CHAOS_CLICKHOUSE_DOWN_S', 30) * 1000,
  };
  const keep = process.argv.includes('--keep');
  const seconds = (ms: number) => Math.round(ms / 100) / 10;

  requireNativeStack();
  const { id, metricsPort, env, config, logFile, started, say, kafka, registry } = await openCorner('faults', {
    // info, not warn: the state changes a person must see (breakers, restarts, dead-lettering) are the evidence.
    env: { LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info' },
    intro: ({ id, logFile }) => `fault run ${id}: ${EVENTS.toLocaleString('en-US')} synthetic webhooks (seed ${SEED}) at ${RATE}/s; worker log ${logFile}`,
  });
  const admin = kafka.admin();
  await admin.connect();
  // Before createTopics (which leaves existing topics alone): the events topic with a limit the oversized poison exceeds.
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: config.topics.names.events, numPartitions: config.topics.partitions, replicationFactor: config.topics.replicationFactor, configEntries: [{ name: 'max.message.bytes', value: String(EVENTS_TOPIC_MAX_BYTES) }] }],
  });
  await admin.disconnect();
  await createTopics(config.kafka, config.topics);
  await registerSchemas(registry);
  const switchable = switchableCodec(createCodec(registry));
  const codec = switchable.codec;
  const rawTopics = Object.keys(config.topics.names.raw) as RawTopic[];
  await codec.prepare(rawTopics);

  // The good webhooks and what they must become, then the poison and what it must become.
  const webhooks: RawWebhook[] = [...syntheticWebhooks({ count: EVENTS, seed: SEED })];
  const expected = new Map<string, EngEvent>();
  for (const webhook of webhooks) for (const event of expectedEvents(webhook)) expected.set(event.eventId, event);
  const chosen = choosePoisons(process.env.CHAOS_POISONS);
  const all = poisonWebhooks(SEED);
  const poisons = { webhooks: all.webhooks.filter((p) => chosen.has(p.poison)), letters: all.letters.filter((l) => chosen.has(l.poison)) };
  const raws = rawPoisons().filter((p) => chosen.has(p.poison));
  for (const poison of poisons.webhooks) for (const event of poison.goodElsewhere) expected.set(event.eventId, event);
  const letters: ExpectedLetter[] = [...poisons.letters];
  say(`expect ${expected.size.toLocaleString('en-US')} distinct events across the stores and ${letters.filter((l) => !l.optional).length + raws.length} dead letters (poison: ${[...chosen].join(', ') || 'none'})`);

  const groups = switchyardGroups(config);
  const liveEdge = Math.max(500, RATE * 5);
  const atLiveEdge = (behind: Readonly<Record<string, number>>) => Object.values(behind).every((n) => n <= liveEdge);
  let keeper: WorkerKeeper | undefined;
  const lag = watchLag(kafka, groups);

  const body = async () => {
    keeper = await keepWorker(env, logFile, metricsPort, { started, log: say });
    const feeding = feed({ kafka, codec, webhooks, topics: config.topics.names.raw, rate: RATE, log: say });
    let replayEndedAt: number | undefined;
    const replayed = feeding.done.then((summary) => {
      replayEndedAt = Date.now();
      say(`replay done: ${summary.sent.toLocaleString('en-US')} webhooks in ${seconds(summary.elapsedMs)} s (${summary.resumes} resumes after producer failures)`);
      return summary;
    });
    const progress = setInterval(() => {
      const sample = lag.latest();
      say(`  replayed ${feeding.acknowledged().toLocaleString('en-US')}; behind: ${sample?.behind === undefined ? 'Kafka not answering' : Object.entries(sample.behind).map(([g, n]) => `${g.slice(id.length + 1)} ${n}`).join(', ')}`);
    }, 15_000);

    try {
      await sleep(WARMUP_MS);

      // The poison, all at once, while good webhooks flow around it.
      letters.push(...(await producePoison(kafka, codec, config.topics.names.raw, { webhooks: poisons.webhooks, raws })));
      say(`poison produced: ${[...poisons.webhooks.map((p) => p.poison), ...raws.map((p) => p.poison)].join(', ') || 'none'}`);
      const settled = await lag.until(atLiveEdge, { since: Date.now(), timeoutMs: 60_000 });
      say(settled === undefined ? 'after the poison: NOT back at the live edge within 60 s (a stalled partition?)' : 'after the poison: at the live edge');

      const figures: FaultFigure[] = [];
      let longestOutageMs = 0;
      let lastFaultEnd = Date.now();
      const faults = stackFaults(durations);
      for (const [n, fault] of faults.entries()) {
        // Spread along the replay: fault k once k/(faults+2) of it is in, so even after slow recoveries the last still falls inside it.
        const due = Math.floor((EVENTS * (n + 1)) / (faults.length + 2));
        const giveUpAt = Date.now() + 300_000;
        while (feeding.acknowledged() < due && replayEndedAt === undefined && Date.now() < giveUpAt) await sleep(250);
        say(`FAULT ${fault.name} (${feeding.acknowledged().toLocaleString('en-US')} webhooks in): ${fault.how}`);
        const variants = fault.service === 'registry' ? await registerUnseenVersions(registry, rawTopics, id) : undefined;
        if (variants) say(`  registered a new version of each raw envelope under the run's subjects: schema ids ${[...variants.values()].map((v) => v.id).join(', ')}`);
        const framedBefore = switchable.framedWithVariant();
        const outage = await injectAndRestore(fault, {
          down: () => {
            say(`  ${fault.service} is down`);
            if (variants) switchable.use(variants);
          },
          restarting: () => {
            if (variants) {
              switchable.use(undefined);
              say(`  ${(switchable.framedWithVariant() - framedBefore).toLocaleString('en-US')} webhooks framed with the unseen schema ids while the registry was down`);
            }
            say(`  restarting ${fault.service}`);
          },
        });
        longestOutageMs = Math.max(longestOutageMs, outage.outageMs);
        lastFaultEnd = outage.endedAt;
        say(`  ${fault.service} answers again: outage ${seconds(outage.outageMs)} s`);
        const back = await lag.until(atLiveEdge, { since: outage.endedAt, timeoutMs: Math.max(60_000, 2 * longestOutageMs) });
        const recoverySeconds = back === undefined ? null : seconds(back - outage.endedAt);
        say(recoverySeconds === null ? `  NOT back at the live edge (≤ ${liveEdge} behind per group) within ${seconds(Math.max(60_000, 2 * longestOutageMs))} s` : `  back at the live edge ${recoverySeconds} s after`);
        figures.push({ fault: fault.name, outageSeconds: seconds(outage.outageMs), recoverySeconds });
      }

      const replay = await replayed;
      const since = Math.max(lastFaultEnd, replayEndedAt ?? Date.now());
      const limitMs = 2 * longestOutageMs;
      say(`waiting for lag 0 (limit ${seconds(limitMs)} s: twice the longest outage, from the later of the last fault's end and the replay's)`);
      const drainedAt = await lag.until((behind) => totalBehind(behind) === 0, { since, timeoutMs: Math.max(limitMs, 60_000) + 120_000, consecutive: 2 });
      const recoverySeconds = drainedAt === undefined ? null : seconds(drainedAt - since);
      const recovered = drainedAt !== undefined && drainedAt - since <= limitMs;
      say(drainedAt === undefined ? 'NOT caught up: lag never reached 0' : `caught up ${recoverySeconds} s after the last fault/replay end (${recovered ? 'within' : 'OVER'} the limit)`);
      const exit = await keeper.stop();
      say(`worker ${keeper.current().pid} stopped with SIGTERM (exit ${exit})`);
      return { figures, replay, longestOutageMs, recoverySeconds, recovered, exit };
    } finally {
      clearInterval(progress);
      await lag.stop();
    }
  };

  // Interrupted or failed mid-fault, a service may be down: start what is not running, as `up` would.
  const restoreStack = async () => {
    await keeper?.stop().catch(() => undefined);
    const states = await stackUp().catch(() => []);
    say(allHealthy(states) && states.length > 0 ? 'the stack is whole again' : 'the stack could NOT be restored: npm run stack -- up');
  };
  const interrupted = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping the worker and restoring the stack`);
    void restoreStack().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  let outcome: Awaited<ReturnType<typeof body>>;
  try {
    outcome = await body();
  } catch (error) {
    say(`FAILED: ${messageOf(error)}`);
    await restoreStack();
    if (!keep) {
      await cleanUp(config, kafka, groups.map((g) => g.groupId));
      await dropUnseenSubjects(config.registry.host, rawTopics, id, config.registry.auth);
    }
    return 1;
  }

  say('auditing the dead-letter topic and every store');
  const dlq: LetterVerdict = judgeDeadLetters(await readDeadLetters(kafka, config.topics.names.deadLetters, codec), letters);
  // A store is audited without the poison its own sink must refuse (and did, for the optional ones).
  const refusedBy = (store: string): Set<string> => new Set(letters.filter((l) => l.stage === `sink:${store}` && (!l.optional || dlq.matched[`${l.poison} ${l.stage}`] !== undefined)).flatMap((l) => l.ids));
  const stores: AuditResult[] = await auditStores(config, [...expected.values()], { refusedBy, settleMs: 60_000, log: say });
  const verdict = judge(
    { figures: outcome.figures, longestOutageSeconds: seconds(outcome.longestOutageMs), recoverySeconds: outcome.recoverySeconds, exits: keeper!.exits, finalExit: outcome.exit },
    stores,
    dlq,
    say,
  );
  if (keep) say(`kept the run's data: prefix ${id}`);
  else {
    const problems = [...(await cleanUp(config, kafka, groups.map((g) => g.groupId))), ...(await dropUnseenSubjects(config.registry.host, rawTopics, id, config.registry.auth))];
    say(problems.length === 0 ? 'removed the run’s topics, groups, schema, database, labels and tables' : `clean-up left: ${problems.join('; ')}`);
  }
  say(verdict.ok ? 'PASSED: no unplanned worker exit, every good event once in every store, every poison in the DLQ with its reason, lag back in time after every fault' : 'FAILED: see above');
  const summary = { webhooks: outcome.replay.sent, replayResumes: outcome.replay.resumes, events: expected.size, seed: SEED, seconds: Math.round((Date.now() - started) / 1000), unseenSchemaRecords: switchable.framedWithVariant() };
  console.log(JSON.stringify({ faults: verdict.ok ? 'passed' : 'failed', ...summary, ...verdict.figures }));
  return verdict.ok ? 0 : 1;
}

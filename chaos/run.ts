/**
 * `npm run chaos`: does a crash lose or duplicate anything?
 *
 *   1. A corner of the local stack of its own (isolation.ts): topics, groups, schema, database,
 *      labels, tables.
 *   2. A real `switchyard worker` child process (all sub-topologies), while CHAOS_EVENTS
 *      synthetic webhooks (default 50,000, a realistic mix per source) plus CHAOS_POISON poison
 *      ones (default 20) are replayed at CHAOS_RATE webhooks/s (default 1,000).
 *   3. CHAOS_KILLS times (default 5), at a random moment 4–12 s after the worker became ready,
 *      it is killed with SIGKILL and started again.
 *   4. Once the last worker caught up (drained.ts) it is stopped with SIGTERM, and every store is
 *      audited (audits.ts): each routed event exactly once after idempotency, counters bumped
 *      once, the dead-letter topic holding exactly the poison webhooks.
 *
 * Prints what it does and checks, then one JSON line of the counts. Exit 0 when every audit
 * passed. `--keep` leaves the run's data in place for a look; otherwise it is removed.
 * `--faults` runs the fault-injection suite instead (chaos/faults/run.ts).
 */
import '../config/loadEnvFirst.ts';
import path from 'node:path';
import { createCodec } from '../avro/codec.ts';
import type { EngEvent, RawWebhook } from '../avro/generated/types.ts';
import { registerSchemas } from '../avro/registration.ts';
import { describeResult } from '../audit/index.ts';
import { createTopics } from '../cli/commands/topics.ts';
import { messageOf } from '../operators/errors.ts';
import { expectedEvents, replay, syntheticWebhooks } from '../replay/index.ts';
import { auditEverything } from './audits.ts';
import { cleanUp } from './cleanup.ts';
import { openCorner } from './corner.ts';
import { switchyardGroups, waitUntilDrained, type Group } from './drained.ts';
import { poisonWebhook } from './poison.ts';
import { wholeNumber } from './wholeNumber.ts';
import { startWorkerProcess, waitUntilReady, type WorkerProcess } from './workerProcess.ts';

// `--faults`: the fault-injection suite (chaos/faults/run.ts) instead of the SIGKILL run below.
if (process.argv.includes('--faults')) {
  const { runFaults } = await import('./faults/run.ts');
  process.exit(await runFaults().catch((error: unknown) => (console.error(`faults: ${error instanceof Error ? error.stack ?? error.message : String(error)}`), 1)));
}

const EVENTS = wholeNumber('CHAOS_EVENTS', 50_000);
const POISON = wholeNumber('CHAOS_POISON', 20);
const RATE = wholeNumber('CHAOS_RATE', 1_000);
const KILLS = wholeNumber('CHAOS_KILLS', 5);
const SEED = wholeNumber('CHAOS_SEED', Date.now() % 1_000_000);
const keep = process.argv.includes('--keep');

const random = (min: number, max: number) => min + Math.random() * (max - min);

const { id, metricsPort, env, config, logFile, started, say, kafka, registry } = await openCorner('chaos', {
  intro: ({ id, logFile }) => `run ${id}: ${EVENTS.toLocaleString('en-US')} synthetic webhooks (seed ${SEED}) + ${POISON} poison, ${RATE}/s, ${KILLS} SIGKILLs; worker log ${path.relative(process.cwd(), logFile)}`,
});
await createTopics(config.kafka, config.topics);
await registerSchemas(registry);
const codec = createCodec(registry);

// The webhooks, and what they must become: the normalizer itself is the oracle of event ids.
const poisonIds: string[] = [];
const expected = new Map<string, EngEvent>();
const webhooks: RawWebhook[] = [];
const poisonEvery = POISON === 0 ? Number.POSITIVE_INFINITY : Math.floor(EVENTS / POISON);
let synthetic = 0;
for (const webhook of syntheticWebhooks({ count: EVENTS, seed: SEED })) {
  webhooks.push(webhook);
  for (const event of expectedEvents(webhook)) expected.set(event.eventId, event);
  synthetic += 1;
  if (synthetic % poisonEvery === 0 && poisonIds.length < POISON) {
    const poison = poisonWebhook(poisonIds.length, webhook.receivedAt);
    poisonIds.push(poison.deliveryId);
    webhooks.push(poison);
  }
}
const events = [...expected.values()];
say(`expect ${events.length.toLocaleString('en-US')} distinct events across the stores and ${poisonIds.length} dead letters`);

const app = config.worker.applicationId;
const groups: Group[] = switchyardGroups(config);
let worker: WorkerProcess | undefined;

/** The run proper; whatever it throws, the worker child is stopped and the run's data removed. */
async function chaos() {
  // The worker, killed and restarted while the replay runs.
  worker = startWorkerProcess(env, logFile);
  await waitUntilReady(metricsPort, worker);
  say(`worker ${worker.pid} ready`);
  const replaying = replay({ kafka, codec, webhooks, topics: config.topics.names.raw, rate: RATE, batchSize: 200 }).then((summary) => {
    say(`replay done: ${summary.sent.toLocaleString('en-US')} webhooks produced in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
    return summary;
  });
  const kills: { pid: number; afterMs: number }[] = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    const afterMs = Math.round(random(4_000, 12_000));
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    worker.kill('SIGKILL');
    say(`SIGKILL ${kill}/${KILLS}: worker ${worker.pid}, ${(afterMs / 1000).toFixed(1)} s after it was ready (exit: ${await worker.exited})`);
    kills.push({ pid: worker.pid, afterMs });
    worker = startWorkerProcess(env, logFile);
    await waitUntilReady(metricsPort, worker);
    say(`worker ${worker.pid} ready`);
  }
  const replayed = await replaying;

  // Caught up, then a graceful stop, then the audits.
  const admin = kafka.admin();
  await admin.connect();
  let lastSaid = 0;
  await waitUntilDrained(admin, groups, {
    timeoutMs: 10 * 60_000,
    onProgress: (behind) => {
      if (Date.now() - lastSaid < 10_000) return;
      lastSaid = Date.now();
      say(`catching up: ${Object.entries(behind).map(([group, n]) => `${group.slice(app.length + 1)} ${n}`).join(', ')}`);
    },
  });
  await admin.disconnect();
  worker.kill('SIGTERM');
  const exit = await worker.exited;
  say(`caught up; worker ${worker.pid} stopped with SIGTERM (exit ${exit})`);

  say('auditing every store');
  const results = await auditEverything({ config, kafka, codec, events, poisonIds }, { settleMs: 60_000, log: say });
  for (const result of results) {
    console.log(describeResult(result));
    for (const line of result.details) console.log(`    ${line}`);
    // Notes are information (unmerged ClickHouse copies, profile watermarks): the first few say what kind.
    for (const line of result.notes.slice(0, 4)) console.log(`    note: ${line}`);
    if (result.notes.length > 4) console.log(`    … ${result.notes.length - 4} more notes of these kinds`);
  }
  return { results, exit, replayed, kills };
}

const outcome = await chaos().catch(async (error: unknown) => {
  say(`FAILED: ${messageOf(error)}`);
  worker?.kill('SIGKILL');
  if (!keep) await cleanUp(config, kafka, groups.map((g) => g.groupId));
  process.exit(1);
});
const { results, exit, replayed, kills } = outcome;
const ok = results.every((r) => r.ok) && exit === 0;

if (keep) say(`kept the run's data: prefix ${id} (topics, groups, schema, database, labels, tables)`);
else {
  const problems = await cleanUp(config, kafka, groups.map((g) => g.groupId));
  say(problems.length === 0 ? 'removed the run’s topics, groups, schema, database, labels and tables' : `clean-up left: ${problems.join('; ')}`);
}
say(ok ? 'PASSED: every store holds every event exactly once; the DLQ holds exactly the poison webhooks' : 'FAILED: see the audits above');
const figures = Object.fromEntries(results.flatMap((r) => [[`${r.store}Expected`, r.expected], [`${r.store}Present`, r.present], [`${r.store}Missing`, r.missing], [`${r.store}Duplicated`, r.duplicated], [`${r.store}Mismatched`, r.mismatched]]));
console.log(JSON.stringify({ chaos: ok ? 'passed' : 'failed', webhooks: replayed.sent, events: events.length, poison: poisonIds.length, kills: kills.length, seed: SEED, seconds: Math.round((Date.now() - started) / 1000), ...figures }));
process.exit(ok ? 0 : 1);

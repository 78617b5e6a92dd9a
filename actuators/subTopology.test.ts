import { afterEach, describe, expect, it } from 'vitest';
import type { JiraCommand } from '../avro/generated/types.ts';
import { recordingInstrumentation, TopologyBuilder } from '../operators/index.ts';
import { TopologyTestDriver } from '../operators/testing/driver.ts';
import type { Actuator } from './actuate.ts';
import { loadActuatorConfig } from './config.ts';
import { jsonCodec } from '../test/support/jsonCodec.ts';
import { UpstreamError } from './errors.ts';
import { actuatorSubTopology } from './subTopology.ts';
import { comment, notification } from './testing/commands.ts';


const settings = { ...loadActuatorConfig({}), retryMaxAttempts: 3, retryInitialDelayMs: 10, breakerVolumeThreshold: 1000 };
const unavailable = (call: string) => new UpstreamError({ target: 'jira', call, status: 503, body: 'Service Unavailable', retriable: true, applied: 'maybe' });

let driver: TopologyTestDriver | undefined;
afterEach(() => driver?.close());

describe('the actuator sub-topology on the test driver', () => {
  it("retries each command for its own failures only: one stuck behind a failing command of its issue gets its own attempts once that one is dead-lettered", async () => {
    const failing = comment('PROJ-1', 1);
    const after = [comment('PROJ-1', 2), comment('PROJ-1', 3)];
    const calls: string[] = [];
    const actuator: Actuator = {
      jira: async (command: JiraCommand) => {
        calls.push(command.commandId);
        if (command.commandId === failing.commandId) throw unavailable(`POST /rest/api/3/issue/${command.issueKey}/comment`);
        return 'performed';
      },
      slack: async () => 'performed',
    };
    const spec = actuatorSubTopology({ actuator, codec: jsonCodec, settings });
    driver = await TopologyTestDriver.start(new TopologyBuilder().subTopology('actuator', spec).build());
    await driver.pipeInput('jira-commands', [failing, comment('PROJ-2', 9), ...after].map((c) => ({ key: c.issueKey, value: c })));
    await driver.pipeInput('slack-notifications', [{ key: 'PROJ', value: notification('#proj-eng') }]);
    await driver.advanceTime(10_000);

    const letters = driver.deadLetters();
    expect(letters.map((l) => [l.offset, l.errorClass, l.attempts])).toEqual([[0, 'UpstreamError', 3]]);
    expect(letters[0]!.errorMessage).toContain('gave up after 3 attempts: jira POST /rest/api/3/issue/PROJ-1/comment answered 503');
    // Each performed once, in order after the failing one.
    expect(calls.filter((id) => id === failing.commandId)).toHaveLength(3);
    expect(calls.filter((id) => id !== failing.commandId && id.includes('PROJ-1'))).toEqual(after.map((c) => c.commandId));
    expect(calls.lastIndexOf(failing.commandId)).toBeLessThan(calls.indexOf(after[0]!.commandId));
    expect(driver.committed('switchyard.actuator')).toEqual({ 'jira-commands/0': '4', 'slack-notifications/0': '1' });
  });

  it('counts what became of each command by target, and dead-letters what cannot be decoded', async () => {
    const actuator: Actuator = { jira: async () => 'performed', slack: async () => 'duplicate' };
    const meters = recordingInstrumentation();
    driver = await TopologyTestDriver.start(new TopologyBuilder().subTopology('actuator', actuatorSubTopology({ actuator, codec: jsonCodec, settings })).build(), { instrumentation: meters });
    await driver.pipeInput('jira-commands', [{ key: 'PROJ-1', value: comment('PROJ-1', 1) }, { key: 'PROJ-2', value: 'not json' }]);
    await driver.pipeInput('slack-notifications', [{ key: 'PROJ', value: notification('#proj-eng') }]);
    await driver.advanceTime(1_000);

    expect(meters.counts.get('actuator_actions')).toEqual([
      { target: 'jira', outcome: 'performed' },
      { target: 'slack', outcome: 'duplicate' },
    ]);
    expect(driver.deadLetters().map((l) => [l.topic, l.offset, l.stage, l.errorClass])).toEqual([['jira-commands', 1, 'actuator', 'SyntaxError']]);
    expect(driver.committed('switchyard.actuator')).toEqual({ 'jira-commands/0': '2', 'slack-notifications/0': '1' });
  });

  it("writes a dead letter over the DLQ's limit without the command's value, and commits", async () => {
    const actuator: Actuator = { jira: async () => 'performed', slack: async () => 'performed' };
    const limit = 4_096;
    driver = await TopologyTestDriver.start(new TopologyBuilder().subTopology('actuator', actuatorSubTopology({ actuator, codec: jsonCodec, settings, deadLetterMaxBytes: limit })).build());
    driver.broker.setMaxMessageBytes('switchyard.dlq', limit);
    await driver.pipeInput('jira-commands', [{ key: 'PROJ-1', value: `not json ${'x'.repeat(2 * limit)}` }]);
    await driver.advanceTime(1_000);

    expect(driver.errors).toEqual([]);
    const [letter, ...others] = driver.deadLetters();
    expect(others).toEqual([]);
    expect(letter).toMatchObject({ topic: 'jira-commands', offset: 0, stage: 'actuator', errorClass: 'SyntaxError' });
    // Left out because the limit read at start said so, not after the broker refused it whole.
    expect(letter!.errorMessage).toMatch(new RegExp(`the record's value of \\d+ bytes is left out of this dead letter: the dead letter of \\d+ bytes is over switchyard\\.dlq's max\\.message\\.bytes of ${limit}\\)$`));
    expect(driver.committed('switchyard.actuator')).toEqual({ 'jira-commands/0': '1' });
  });
});

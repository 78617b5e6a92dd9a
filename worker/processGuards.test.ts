import { EventEmitter } from 'node:events';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { reportClientError } from '../observability/clientErrors.ts';
import { createLogger } from '../observability/logger.ts';
import { ProcessingError } from '../operators/errors.ts';
import { runAttributed, type Attribution } from './attribution.ts';
import { NETWORK_ERROR_CODES } from '../operators/errors.ts';
import { installProcessGuards, isLostConnection, type GuardedProcess } from './processGuards.ts';

/** Guards on a fake process: the lines they log, the exits they asked for, and a sub-topology that counts its restarts. */
function guarded() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const fake = new EventEmitter();
  const exit = vi.fn();
  const uninstall = installProcessGuards({ log, process: fake as unknown as GuardedProcess, exit });
  const failed: unknown[] = [];
  const subTopology = (name: string): Attribution => ({ subTopology: name, fail: (error) => (failed.push(error), true) });
  return { lines, fake, exit, uninstall, failed, subTopology };
}

describe('process guards', () => {
  it('turns an uncaught exception raised inside a sub-topology into a restart of that one, logged with its context, and does not exit', () => {
    const { lines, fake, exit, failed, subTopology } = guarded();
    const error = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', key: Buffer.from('bytes') });
    runAttributed(subTopology('sink:neo4j'), () => fake.emit('uncaughtException', error, 'uncaughtException'));
    expect(failed).toEqual([error]);
    expect(exit).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      component: 'process-guards',
      subTopology: 'sink:neo4j',
      restarting: true,
      errorCode: 'ECONNRESET',
      errorClass: 'Error',
      err: { message: 'read ECONNRESET', key: { type: 'Buffer', bytes: 5 } },
      msg: 'uncaught exception in sink:neo4j: restarting it; the other sub-topologies go on',
    });
    expect((lines[0]!['err'] as { stack: string }).stack).toContain('processGuards.test.ts');
  });

  it('restarts the sub-topology an unhandled rejection was raised in', () => {
    const { lines, fake, exit, failed, subTopology } = guarded();
    // The crash of issue 13: a ProcessingError built from a whole record, with Buffers in it.
    const record = { topic: 'raw.github', partition: 0, offset: '9', key: Buffer.from('k'), value: Buffer.from('v') };
    const error = new ProcessingError('decode', record, new Error('registry down'));
    runAttributed(subTopology('normalize'), () => fake.emit('unhandledRejection', error, Promise.resolve()));
    expect(failed).toEqual([error]);
    expect(exit).not.toHaveBeenCalled();
    expect(lines[0]).toMatchObject({ level: 'error', subTopology: 'normalize', errorCode: 'SWY_PROCESSING', errorClass: 'Error', err: { type: 'ProcessingError', record: { topic: 'raw.github', partition: 0, offset: '9' } } });
  });

  it('logs an unhandled rejection no sub-topology owns, and goes on', () => {
    const { lines, fake, exit, failed } = guarded();
    fake.emit('unhandledRejection', new TypeError('undefined is not a function'), Promise.resolve());
    fake.emit('unhandledRejection', 'a string, not an error', Promise.resolve());
    expect(failed).toEqual([]);
    expect(exit).not.toHaveBeenCalled();
    expect(lines.map((l) => [l['level'], l['errorClass'], l['msg']])).toEqual([
      ['error', 'TypeError', 'unhandled rejection outside any sub-topology: logged, the worker goes on'],
      ['error', 'string', 'unhandled rejection outside any sub-topology: logged, the worker goes on'],
    ]);
  });

  it('logs a lost connection no sub-topology owns (a pg client the server dropped), and goes on', () => {
    const { lines, fake, exit } = guarded();
    const terminated = new pg.DatabaseError('terminating connection due to administrator command', 100, 'error');
    Object.assign(terminated, { code: '57P01', severity: 'FATAL' });
    fake.emit('uncaughtException', terminated, 'uncaughtException');
    fake.emit('uncaughtException', new Error('Connection terminated unexpectedly'), 'uncaughtException');
    expect(exit).not.toHaveBeenCalled();
    expect(lines.map((l) => [l['level'], l['errorCode']])).toEqual([
      ['error', '57P01'],
      ['error', undefined],
    ]);
  });

  it('logs any other uncaught exception no one owns as fatal and exits 1: a bug, and the state it left is unknown', () => {
    const { lines, fake, exit } = guarded();
    fake.emit('uncaughtException', new TypeError("Cannot read properties of undefined (reading 'offset')"), 'uncaughtException');
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    expect(lines[0]).toMatchObject({ level: 'fatal', errorClass: 'TypeError', err: { message: "Cannot read properties of undefined (reading 'offset')" } });
  });

  it('says when the sub-topology was already restarting', () => {
    const { lines, fake, exit } = guarded();
    runAttributed({ subTopology: 'actuator', fail: () => false }, () => fake.emit('uncaughtException', new Error('late'), 'uncaughtException'));
    expect(exit).not.toHaveBeenCalled();
    expect(lines[0]).toMatchObject({ subTopology: 'actuator', restarting: false, msg: 'uncaught exception in actuator: it is already restarting; the other sub-topologies go on' });
  });

  it('logs what a store client reports on its own, with the sub-topology it served', () => {
    const { lines, subTopology } = guarded();
    const error = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    runAttributed(subTopology('sink:postgres'), () => reportClientError('postgres sink:postgres', error));
    expect(lines[0]).toMatchObject({ level: 'warn', client: 'postgres sink:postgres', subTopology: 'sink:postgres', errorCode: '57P01', msg: 'postgres sink:postgres lost a connection: the next query opens a new one' });
  });

  it('removes every handler when uninstalled', () => {
    const { lines, fake, uninstall } = guarded();
    uninstall();
    expect(fake.listenerCount('uncaughtException') + fake.listenerCount('unhandledRejection')).toBe(0);
    reportClientError('postgres sink:postgres', new Error('ignored'));
    expect(lines).toEqual([]);
  });

  it('knows a lost connection from a bug', () => {
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P03']) expect(isLostConnection(Object.assign(new Error('x'), { code }))).toBe(true);
    expect(isLostConnection(new Error('Client network socket disconnected before secure TLS connection was established: socket hang up'))).toBe(true);
    expect(isLostConnection(new TypeError('x is not a function'))).toBe(false);
    expect(isLostConnection(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isLostConnection('ECONNRESET')).toBe(false);
  });

  it('knows every code of the one network list (operators/errors.ts), and pg’s words for a lost connection', () => {
    for (const code of NETWORK_ERROR_CODES) expect(isLostConnection(Object.assign(new Error('x'), { code }))).toBe(true);
    for (const code of ['EHOSTDOWN', 'ENETDOWN', 'UND_ERR_SOCKET', 'ERR_STREAM_DESTROYED', 'ERR_SOCKET_CLOSED']) expect(NETWORK_ERROR_CODES.has(code)).toBe(true);
    expect(isLostConnection(new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }))).toBe(true);
    expect(isLostConnection(new Error('Client has encountered a connection error and is not queryable'))).toBe(true);
    expect(isLostConnection(new Error('timeout expired'))).toBe(true);
    expect(isLostConnection(new Error('Query read timeout'))).toBe(false);
  });
});

import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { exitOnSignals } from './signals.ts';

// A signal no other handler listens to here, so the test process itself is never stopped.
const SIGNAL = 'SIGUSR2';

function install(stop: (timeoutMs: number) => Promise<void>, timeoutMs = 1_000) {
  const exit = vi.fn<(code: number) => void>();
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) };
  const remove = exitOnSignals({ stop, timeoutMs, log, exit, signals: [SIGNAL] });
  onTestFinished(remove);
  return { exit, lines };
}

describe('exitOnSignals', () => {
  it('stops the worker within the bound and exits 0', async () => {
    const stop = vi.fn(async () => {});
    const { exit, lines } = install(stop, 2_500);
    process.emit(SIGNAL, SIGNAL);
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(stop).toHaveBeenCalledWith(2_500);
    expect(lines.join('\n')).toContain('stopped cleanly');
  });

  it('exits 1, saying why, when the stop fails', async () => {
    const { exit, lines } = install(async () => Promise.reject(new Error('commit refused')));
    process.emit(SIGNAL, SIGNAL);
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    expect(lines.at(-1)).toBe('error the stop failed: commit refused');
  });

  it('a second signal exits at once, without waiting for the stop', async () => {
    const { exit } = install(() => new Promise(() => {}));
    process.emit(SIGNAL, SIGNAL);
    expect(exit).not.toHaveBeenCalled();
    process.emit(SIGNAL, SIGNAL);
    expect(exit).toHaveBeenCalledWith(130);
  });

  it('exits 1 when the stop hangs past its bound', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const { exit, lines } = install(() => new Promise(() => {}), 1_000);
    process.emit(SIGNAL, SIGNAL);
    await vi.advanceTimersByTimeAsync(5_999);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledWith(1);
    expect(lines.at(-1)).toContain('did not finish within 1000 ms');
  });
});

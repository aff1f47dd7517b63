import { describe, expect, it } from 'vitest';
import { fails, OK, verdict } from './outcome.js';
import { fuzzInChild } from './supervise.js';

describe('fuzzing the public API in a child process', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: 1,000 calls, each succeeding or throwing the error it must, the live count exact, no crash or hang', async (seed) => {
    const run = await fuzzInChild({ seed, calls: 1000 });
    expect(run.status, run.report).toBe('passed');
    const s = run.summary!;
    // Not vacuous: valid calls succeed, and each kind of bad call is answered with its error.
    expect(s.ran).toBeGreaterThan(900);
    expect(s.succeeded).toBeGreaterThan(600);
    for (const error of ['TypeError', 'RangeError', 'Error']) expect(s.threw[error] ?? 0, error).toBeGreaterThan(10);
    // Spectral sessions are opened, and their calls both succeed and are refused.
    const sessions = Object.entries(s.kinds).filter(([kind]) => kind === 'spectralSession' || kind.startsWith('session.'));
    expect(s.kinds['spectralSession']?.returned ?? 0).toBeGreaterThan(3);
    expect(sessions.reduce((sum, [, c]) => sum + c.returned, 0)).toBeGreaterThan(20);
    expect(sessions.reduce((sum, [, c]) => sum + c.threw, 0)).toBeGreaterThan(5);
  });

  it('reports a crash with the seed and the call that was running', async () => {
    const run = await fuzzInChild({ seed: 4, calls: 100, extraArgs: ['--crash-at', '17'] });
    expect(run.status).toBe('crashed');
    expect(run.exit).toBe('signal SIGKILL');
    expect(run.lastCall?.index).toBe(17);
    expect(run.report).toMatch(/^seed 4: the process ended \(signal SIGKILL\) at call 17 \(/);
  });

  it('reports a hang with the seed and the call that was running', async () => {
    const run = await fuzzInChild({ seed: 5, calls: 100, hangMs: 1500, extraArgs: ['--hang-at', '9'] });
    expect(run.status).toBe('hung');
    expect(run.lastCall?.index).toBe(9);
    expect(run.report).toMatch(/^seed 5: no progress for 1500 ms at call 9 \(/);
  });
});

describe('verdict', () => {
  it('accepts only the expected outcome: success, or an Error of the expected class with a message', () => {
    expect(verdict(OK, { threw: false, value: 1 })).toBeUndefined();
    expect(verdict(OK, { threw: true, error: new Error('x') })).toBe('expected success, threw Error: x');
    expect(verdict(fails('RangeError'), { threw: false, value: 1 })).toBe('expected RangeError, returned normally');
    expect(verdict(fails('RangeError'), { threw: true, error: new TypeError('y') })).toBe('expected RangeError, threw TypeError: y');
    expect(verdict(fails('Error'), { threw: true, error: new RangeError('y') })).toBe('expected Error, threw RangeError: y');
    expect(verdict(fails(), { threw: true, error: 'a string' })).toBe('threw a non-Error (string) without a message');
    expect(verdict(fails(), { threw: true, error: new Error('') })).toBe('threw Error without a message');
    expect(verdict(fails(), { threw: true, error: new TypeError('z') })).toBeUndefined();
  });
});

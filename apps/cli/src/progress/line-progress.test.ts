import { describe, expect, it } from 'vitest';
import { formatInfo } from './format-info.js';
import { LineProgress } from './line-progress.js';

function setup(intervalMs = 1000) {
  let now = 0;
  const lines: string[] = [];
  const progress = new LineProgress({ write: (l) => lines.push(l), intervalMs, now: () => now });
  return { progress, lines, advance: (ms: number) => void (now += ms) };
}

describe('LineProgress', () => {
  it('prints nothing for ticks within the interval', () => {
    const { progress, lines, advance } = setup();
    const task = progress.start('epochs', 10);
    for (let i = 0; i < 5; i++) {
      advance(100);
      task.tick();
    }
    task.stop();
    expect(lines).toEqual([]);
  });

  it('prints a status line once the interval has passed, then waits another interval', () => {
    const { progress, lines, advance } = setup();
    const task = progress.start('sdprop lr 0.01', 8);
    advance(1000);
    task.tick(2, { loss: 0.412345, epoch: 2 });
    advance(500);
    task.tick(1);
    advance(500);
    task.tick(1);
    expect(lines).toEqual(['sdprop lr 0.01: 2/8 (25 %) loss=0.4123 epoch=2', 'sdprop lr 0.01: 4/8 (50 %)']);
  });

  it('shares the interval between tasks', () => {
    const { progress, lines, advance } = setup();
    const a = progress.start('a', 4);
    const b = progress.start('b', 4);
    advance(1000);
    a.tick();
    b.tick();
    expect(lines).toEqual(['a: 1/4 (25 %)']);
  });

  it('says when a long task is done, with its time', () => {
    const { progress, lines, advance } = setup();
    const task = progress.start('gru', 3);
    task.tick(3);
    advance(2500);
    task.stop();
    expect(lines).toEqual(['gru: done, 3/3 in 2.5 s']);
  });

  it('prints log lines at once', () => {
    const { progress, lines } = setup();
    progress.log('loading MNIST');
    expect(lines).toEqual(['loading MNIST']);
  });
});

describe('formatInfo', () => {
  it('writes key=value pairs, integers as they are and other numbers with 4 significant digits', () => {
    expect(formatInfo({ loss: 2.302585, step: 40, backend: 'js' })).toBe('loss=2.303 step=40 backend=js');
    expect(formatInfo(undefined)).toBe('');
  });
});

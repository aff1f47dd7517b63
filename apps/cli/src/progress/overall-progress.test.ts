import { describe, expect, it } from 'vitest';
import { OverallProgress, formatDuration } from './overall-progress.js';
import type { Progress } from './progress.js';

/** A sink recording the single task's ticks, and a clock moved by hand. */
function setup(plannedSeconds: number, parallelism = 1) {
  let now = 0;
  const ticks: { n: number; info: Record<string, string | number> }[] = [];
  const started: { label: string; total: number }[] = [];
  let stopped = false;
  const logged: string[] = [];
  const sink: Progress = {
    start(label, total) {
      started.push({ label, total });
      return { tick: (n = 1, info = {}) => void ticks.push({ n, info: { ...info } }), stop: () => void (stopped = true) };
    },
    log: (line) => void logged.push(line),
  };
  const progress = new OverallProgress(sink, plannedSeconds, 'demo', parallelism, () => now);
  return { progress, ticks, started, logged, advance: (s: number) => void (now += 1000 * s), stopped: () => stopped };
}

describe('OverallProgress', () => {
  it('draws one task of 100 per cent, whatever runs start and stop', () => {
    const { progress, ticks, started } = setup(100);
    const a = progress.start('mnist adam lr=0.001 seed=1', 10, 2);
    a.tick(5, { loss: 0.5 });
    a.stop();
    progress.start('gru group 1', 40, 2).tick(10);
    expect(started).toEqual([{ label: 'demo', total: 100 }]);
    expect(ticks.map((t) => t.n)).toEqual([10, 20]);
    expect(ticks[0]!.info).toMatchObject({ run: 'mnist adam lr=0.001 seed=1', loss: 0.5 });
    expect(ticks[1]!.info).toMatchObject({ run: 'gru group 1' });
  });

  it('estimates the time left from the plan, then from the pace so far', () => {
    const { progress, ticks, advance } = setup(600);
    const task = progress.start('run', 600, 1);
    task.tick(1);
    expect(ticks.at(-1)!.info['left']).toBe('~9m59s');
    advance(120);
    task.tick(59);
    // 60 planned seconds took 120 s: the 540 left will take about 1080 s.
    expect(progress.secondsLeft()).toBeCloseTo(1080, 6);
    expect(ticks.at(-1)!.info['left']).toBe('~18m00s');
  });

  it('divides the plan by the processes training at once until the pace is known', () => {
    const { progress } = setup(600, 2);
    expect(progress.secondsLeft()).toBe(300);
  });

  it('grows and shrinks the plan: added runs, and runs kept from an interrupted report', () => {
    const { progress, ticks, advance } = setup(100);
    progress.skip(50);
    advance(10);
    progress.start('run', 10, 5).tick(5);
    expect(ticks.at(-1)!.n).toBe(50);
    progress.extend(50);
    expect(progress.secondsLeft()).toBeCloseTo(((100 - 25) * 10) / 25, 6);
  });

  it('ends at 100 per cent and passes log lines on', () => {
    const { progress, ticks, logged, stopped } = setup(10);
    progress.start('run', 10, 0.5).tick(3);
    progress.log('note');
    progress.finish();
    expect(ticks.reduce((s, t) => s + t.n, 0)).toBe(100);
    expect(stopped()).toBe(true);
    expect(logged).toEqual(['note']);
  });
});

describe('formatDuration', () => {
  it('writes hours and minutes, minutes and seconds, or seconds', () => {
    expect([formatDuration(3725), formatDuration(725.4), formatDuration(42), formatDuration(-3)]).toEqual(['1h02m', '12m05s', '42s', '0s']);
  });
});

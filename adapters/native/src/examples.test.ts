import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('examples/train-sdprop.mjs (against the built package)', () => {
  it('fits the cubic on native-cpu without leaking tensors', () => {
    const log = execFileSync(process.execPath, ['examples/train-sdprop.mjs', 'cpu'], { cwd: root, encoding: 'utf8' });
    const losses = [...log.matchAll(/loss (\S+),/g)].map((m) => Number(m[1]));
    expect(losses.length).toBeGreaterThanOrEqual(5);
    expect(log).toContain('native-cpu');
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 100);
    const held = /native tensors held: (\d+) \((\d+) before the loop\)/.exec(log);
    expect(held?.[1]).toBe(held?.[2]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatBench } from './bench-table.js';
import type { BenchResult } from './run-bench.js';

const result: BenchResult = {
  machine: { node: 'v20.19.0', platform: 'linux', arch: 'x64', cpus: 2, cpu: 'Test CPU' },
  dtype: 'float32',
  rows: [{ backend: 'js', rule: 'sdprop', n: 2 ** 20, ms: 2, bytesPerParam: 28, gbPerS: 14.68, copyMs: 1, copyGbPerS: 29.36, fractionOfCopy: 0.5 }],
  skipped: [
    { backend: 'native-cuda', reason: 'no CUDA device' },
    { backend: 'reference-f32', n: 2 ** 24, reason: 'too slow' },
  ],
};

describe('formatBench', () => {
  it('has a row per timed cell and a line per skip with its reason', () => {
    const lines = formatBench(result).split('\n');
    expect(lines[0]).toMatch(/^backend\s+rule\s+params\s+step ms\s+GB\/s\s+copy ms\s+copy GB\/s\s+of copy$/);
    expect(lines[2]).toMatch(/^js\s+sdprop\s+2\^20\s+2\.000\s+14\.68\s+1\.000\s+29\.36\s+50\.0 %$/);
    expect(lines).toContain('skipped native-cuda: no CUDA device');
    expect(lines).toContain('skipped reference-f32 at 2^24: too slow');
  });
});

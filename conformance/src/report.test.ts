import { describe, expect, it } from 'vitest';
import type { ResultRow } from './result.js';
import { formatTable } from './report.js';

const row = (set: string, backend: string, status: ResultRow['status'], reason?: string): ResultRow => ({
  set,
  kind: 'optimizer',
  rule: 'sdprop',
  dtype: 'float32',
  backend,
  status,
  ...(status === 'skipped' ? {} : { worst: 0.5, arithmetic: 'ieee' as const }),
  ...(reason ? { reason } : {}),
});

describe('formatTable', () => {
  it('prints one line per row and the counts', () => {
    const t = formatTable([row('a#0', 'js', 'passed'), row('a#1', 'js', 'failed', 'error above tolerance')]);
    const lines = t.split('\n');
    expect(lines[0]).toMatch(/^set\s+kind\s+rule\s+dtype\s+backend\s+arith\s+status\s+worst\s+flushed\s+note$/);
    expect(lines[2]).toMatch(/^a#0\s+optimizer\s+sdprop\s+float32\s+js\s+ieee\s+passed\s+0\.500$/);
    expect(lines[3]).toMatch(/a#1 .*failed\s+0\.500\s+error above tolerance$/);
    expect(lines.at(-1)).toBe('1 passed, 1 failed, 0 skipped');
  });

  it('shares one line among sets skipped on one backend for one reason, and still counts each', () => {
    const rows = [row('a#0', 'gpu', 'skipped', 'no device'), row('a#1', 'gpu', 'skipped', 'no device'), row('a#2', 'gpu', 'skipped', 'no device'), row('a#0', 'js', 'passed')];
    const lines = formatTable(rows).split('\n');
    expect(lines[2]).toMatch(/^a#0 \.\. a#2 \(3 sets\)\s+gpu\s+skipped\s+no device$/);
    expect(lines[3]).toMatch(/^a#0\s+optimizer/);
    expect(lines.at(-1)).toBe('1 passed, 0 failed, 3 skipped');
  });

  it("shows each row's arithmetic and the elements only flushing changed", () => {
    const ftz: ResultRow = { ...row('a#0', 'tfjs-tensorflow', 'passed'), arithmetic: 'ftz', flushed: 17 };
    expect(formatTable([ftz]).split('\n')[2]).toMatch(/^a#0\s+optimizer\s+sdprop\s+float32\s+tfjs-tensorflow\s+ftz\s+passed\s+0\.500\s+17$/);
  });
});

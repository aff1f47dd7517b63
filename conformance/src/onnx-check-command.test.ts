import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HELDOUT_VECTORS } from './data.js';

/** The `stablegrad-onnx` command of the installed @stablegrad/onnx. */
const bin = join(dirname(fileURLToPath(import.meta.resolve('@stablegrad/onnx'))), 'cli', 'main.js');
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, [bin, ...args]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
const dir = mkdtempSync(join(tmpdir(), 'sg-onnx-check-'));

describe('stablegrad-onnx check against the shipped held-out vectors', () => {
  it('runs the matching sets, prints a row per set and fails only on a failure', async () => {
    const out = join(dir, 'adastand.onnx');
    const exported = await run(['export', '--rule', 'adastand', '--param', 'layer.0/kernel:4x6', '--param', 'bias:6', '--param', 'gain:scalar', '--hyper', 'lr=0.002', '--hyper', 'beta1=0.8', '--hyper', 'beta2=0.99', '-o', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const report = join(dir, 'report.json');
    const r = await run(['check', out, '--vectors', HELDOUT_VECTORS, '--report-json', report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sets\[11\]\s+adastand\s+float32\s+passed\s+worst 0\s+0 ulp from reference/);
    expect(r.stdout).toContain('2 passed, 0 failed, 10 skipped');
    expect(JSON.parse(readFileSync(report, 'utf8')).reports[0].results).toHaveLength(12);
  });

  it('exits 3 when no set fits the model, unless told that is fine', async () => {
    const out = join(dir, 'other-shapes.onnx');
    expect((await run(['export', '--rule', 'sdprop', '--param', 'w:9x9', '-o', out])).code).toBe(0);
    const r = await run(['check', out, '--vectors', HELDOUT_VECTORS]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('0 passed, 0 failed, 12 skipped');
    expect(r.stdout).toContain('nothing was checked: no optimizer set fits this model');
    expect((await run(['check', out, '--vectors', HELDOUT_VECTORS, '--allow-skip'])).code).toBe(0);
  });
});

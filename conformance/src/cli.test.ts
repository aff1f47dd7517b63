import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILTIN_VECTORS } from './load.js';
import type { Report } from './report.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('stablegrad-conformance command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-conf-'));

  it('prints a table, writes the JSON report and exits 0 when nothing failed', async () => {
    const report = join(dir, 'report.json');
    const r = await run(['--backends', 'js,reference-f64', '--report-json', report]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^set\s+kind\s+rule\s+dtype\s+backend\s+arith\s+status\s+worst\s+flushed\s+note/);
    expect(r.stdout).toMatch(/52 passed, 0 failed, 0 skipped/);
    const json = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(json.results).toHaveLength(52);
    expect(json.results[0]).toMatchObject({ set: 'reference-seed11.json#0', kind: 'optimizer', rule: 'adam', dtype: 'float64', backend: 'js', status: 'passed' });
  });

  it('exits 1 when a set fails, and the report says which', async () => {
    const j = JSON.parse(readFileSync(BUILTIN_VECTORS, 'utf8'));
    j.sets = [j.sets[16]];
    j.sets[0].steps[5].expect.w[3] += 1e-3;
    const file = join(dir, 'tampered.json');
    writeFileSync(file, JSON.stringify(j));
    const r = await run(['--vectors', file, '--backends', 'js']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/tampered\.json#0\s+optimizer\s+sdprop\s+float64\s+js\s+ieee\s+failed/);
  });

  it('refuses a malformed file with the set and field, exit 2', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ format: 'stablegrad-vectors/1', sets: [{ kind: 'optimizer', rule: 'sdprop', dtype: 'float32' }] }));
    const r = await run(['--vectors', file, '--backends', 'js']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json: sets[0].tolerance: expected an object { rel, abs }');
  });

  it('rejects an unknown backend and lists the registered ones', async () => {
    const r = await run(['--backends', 'cuda']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown backend 'cuda'; registered: reference-f64, reference-f32, js");
  });

  it('with --require-available, exits 1 when a requested backend is skipped, naming it', async () => {
    const r = await run(['--backends', 'js,tfjs-webgl', '--require-available'], { STABLEGRAD_CHROMIUM: '/nonexistent/chromium' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--require-available: tfjs-webgl was skipped: STABLEGRAD_CHROMIUM=/nonexistent/chromium is not an executable file');
  });

  it('lists every backend with its dtypes, declared arithmetic and availability', async () => {
    const r = await run(['--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reference-f32\s+float32\s+ieee\s+available/m);
    expect(r.stdout).toMatch(/^tfjs-tensorflow\s+float32\s+ftz\s+/m);
    expect(r.stdout).toMatch(/^onnx-web-webgpu\s+float32\s+ftz\s+/m);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILTIN_VECTORS } from './data.js';
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

  it('exits 3 when a named backend cannot run here or nothing was checked, unless --allow-skip', async () => {
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ format: 'stablegrad-vectors/1', seed: 1, sets: [] }));
    const nothing = await run(['--vectors', empty, '--backends', 'js']);
    expect(nothing.code).toBe(3);
    expect(nothing.stderr).toContain('nothing was checked; pass --allow-skip to accept that');
    expect((await run(['--vectors', empty, '--backends', 'js', '--allow-skip'])).code).toBe(0);
    const cuda = await run(['--backends', 'js,native-cuda']);
    if (cuda.stdout.includes('native-cuda      skipped') || /native-cuda.*skipped/.test(cuda.stdout)) {
      expect(cuda.code).toBe(3);
      expect(cuda.stderr).toContain('native-cuda could not run here (see the reasons above); pass --allow-skip to accept that');
      expect((await run(['--backends', 'js,native-cuda', '--allow-skip'])).code).toBe(0);
    } else {
      expect(cuda.code).toBe(0);
    }
  });

  it('exits 2 for an empty backend list or a plugin that cannot be loaded', async () => {
    const comma = await run(['--backends', ',']);
    expect(comma.code).toBe(2);
    expect(comma.stderr).toContain('expected comma-separated backend ids');
    const plugin = await run(['--backends', 'js', '--plugin', './no-such-plugin.js']);
    expect(plugin.code).toBe(2);
    expect(plugin.stderr).toContain('--plugin ./no-such-plugin.js could not be used');
    expect((await run(['--runs', '0x10', '--backends', 'js'])).code).toBe(2);
  });

  it('rejects an unknown backend and lists the registered ones', async () => {
    const r = await run(['--backends', 'cuda']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown backend 'cuda'; registered: reference-f64, reference-f32, js");
  });

  it('exits 3 when a requested browser backend cannot start, naming it', async () => {
    const r = await run(['--backends', 'js,tfjs-webgl'], { STABLEGRAD_CHROMIUM: '/nonexistent/chromium' });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('STABLEGRAD_CHROMIUM=/nonexistent/chromium is not an executable file');
    expect(r.stderr).toContain('tfjs-webgl could not run here (see the reasons above); pass --allow-skip to accept that');
  });

  it('lists every backend with its dtypes, declared arithmetic and availability', async () => {
    const r = await run(['--list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^reference-f32\s+float32\s+ieee\s+available/m);
    expect(r.stdout).toMatch(/^tfjs-tensorflow\s+float32\s+ftz\s+/m);
    expect(r.stdout).toMatch(/^onnx-web-webgpu\s+float32\s+ftz\s+/m);
  });
});

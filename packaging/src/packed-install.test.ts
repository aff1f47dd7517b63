import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackage, type Packed } from './pack.js';
import { PUBLISHED } from './published.js';
import { sdpropFirstStep, snippetJson, type SdpropReport } from './snippet-output.js';
import { sourceModules } from './sources.js';
import { tarballProblems } from './tarball-contents.js';
import { createProject, type TempProject } from './temp-project.js';

/** Backends stepped through core's `Optimizer` by `snippets/backend-step.mjs`, with their package. */
const BACKEND_STEPS = [
  { pkg: '@stablegrad/core', backend: 'js' },
  { pkg: '@stablegrad/onnx', backend: 'onnx-cpu' },
  { pkg: '@stablegrad/native', backend: 'native-cpu' },
];
/** What the installed conformance command must find and pass: the tfjs backends and the above. */
const CONFORMANCE_BACKENDS = ['tfjs-cpu', 'tfjs-wasm', ...BACKEND_STEPS.map((s) => s.backend)];

let tarballDir: string;
let packed: Packed[];
let project: TempProject;

beforeAll(async () => {
  tarballDir = await mkdtemp(join(tmpdir(), 'stablegrad-tarballs-'));
  packed = await Promise.all(PUBLISHED.map((pkg) => packPackage(pkg, tarballDir)));
  project = await createProject(packed);
  const tarballs = packed.map((p) => `  ${basename(p.tarball)}: ${p.files.length} files`);
  console.log(`packed:\n${tarballs.join('\n')}\ninstalled in ${project.dir}:\n${await project.list()}`);
});

afterAll(async () => {
  await project?.dispose();
  if (tarballDir) await rm(tarballDir, { recursive: true, force: true });
});

function expectReferenceSteps(report: SdpropReport, id: string): void {
  expect(report.id).toBe(id);
  expect(report.steps).toEqual(report.reference);
  const first = sdpropFirstStep(report);
  report.steps[0]!.forEach((p, i) => expect(p).toBeCloseTo(first[i]!, 6));
}

describe('published tarballs', () => {
  it.each(PUBLISHED.map((p) => p.name))('%s ships its build, entry points, LICENSE and README, and nothing else', async (name) => {
    const p = packed.find((q) => q.pkg.name === name)!;
    expect(tarballProblems(p, await sourceModules(p.pkg))).toEqual([]);
  });
});

describe('installed from the tarballs', () => {
  it('has no TensorFlow native binding', () => {
    for (const optional of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      expect(existsSync(join(project.dir, 'node_modules', optional))).toBe(false);
    }
  });

  it.each(BACKEND_STEPS)('$pkg: SDProp on $backend computes the reference-f32 steps', async ({ backend }) => {
    expectReferenceSteps(snippetJson(await project.node('backend-step.mjs', [backend])), backend);
  });

  it('@stablegrad/tfjs: train.sdprop fits on tfjs-cpu and follows the reference-f32 steps', async () => {
    const report = snippetJson<SdpropReport & { lossBefore: number; lossAfter: number }>(await project.node('tfjs-train.mjs'));
    expectReferenceSteps(report, 'tfjs-cpu');
    expect(report.lossBefore).toBeGreaterThan(1);
    expect(report.lossAfter).toBeLessThan(report.lossBefore * 1e-3);
  });

  it('@stablegrad/conformance: stablegrad-conformance passes the built-in vectors on the installed backends', async () => {
    const reportFile = join(project.dir, 'conformance.json');
    const result = await project.bin('stablegrad-conformance', ['--backends', CONFORMANCE_BACKENDS.join(','), '--report-json', reportFile]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const { results } = JSON.parse(await readFile(reportFile, 'utf8')) as { results: { backend: string; status: string }[] };
    expect(new Set(results.map((r) => r.backend))).toEqual(new Set(CONFORMANCE_BACKENDS));
    expect(results.filter((r) => r.status !== 'passed')).toEqual([]);
  });

  it('@stablegrad/cli: stablegrad --help lists its commands', async () => {
    const result = await project.bin('stablegrad', ['--help']);
    expect(result.code, result.stderr).toBe(0);
    for (const command of ['demo', 'train', 'bench', 'conformance', 'export-onnx']) expect(result.stdout).toContain(command);
  });

  it('@stablegrad/cli: stablegrad bench times a step and writes its JSON', async () => {
    const out = join(project.dir, 'bench.json');
    const result = await project.bin('stablegrad', ['bench', '--sizes', '16', '--backends', 'js', '--rules', 'sgd', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const { rows } = JSON.parse(await readFile(out, 'utf8')) as { rows: { backend: string; rule: string; n: number; ms: number }[] };
    expect(rows.map(({ backend, rule, n }) => ({ backend, rule, n }))).toEqual([{ backend: 'js', rule: 'sgd', n: 2 ** 16 }]);
    expect(rows[0]!.ms).toBeGreaterThan(0);
  });
});

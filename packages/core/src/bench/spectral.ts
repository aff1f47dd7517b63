/**
 * `pnpm bench` for the spectral-norm constraint: the time of one warm-started
 * `SpectralNormConstraint` step on an `H x H` float32 recurrent weight during a simulated training
 * run (small random updates after a first projection), against a cold projection of the same
 * matrix. Writes a table and `bench-results/spectral.json` (or `--out`).
 *
 * @module
 */
import { projectSpectralNorm } from '../constraints/project-spectral-norm.js';
import { SpectralNormConstraint, type SpectralConstraintResult, type SpectralConstraintState } from '../constraints/spectral-norm-constraint.js';
import { referenceLinAlg } from '../linalg/reference-linalg.js';
import { seededNormal } from '../linalg/seeded-random.js';
import type { HostTensor } from '../tensor.js';
import { flagValue, formatTable, median, writeBenchJson } from './support.js';

const args = process.argv.slice(2);
const out = flagValue('--out') ?? 'bench-results/spectral.json';
const sizes = args.includes('--quick') ? [64] : [64, 128, 256];
const steps = 20;
const rand = seededNormal(7);
const rows: { h: number; warmMs: number; warmIterations: number; coldMs: number; coldIterations: number }[] = [];

for (const h of sizes) {
  const constraint = new SpectralNormConstraint({ maxNorm: 1.8 });
  // Entries N(0, (1.5 / sqrt(h))^2): spectral norm near 3, well above the bound at the start.
  let W: HostTensor = { shape: [h, h], data: Float32Array.from({ length: h * h }, () => (1.5 / Math.sqrt(h)) * rand()) };
  let state: SpectralConstraintState | undefined = constraint.apply(referenceLinAlg, W).state;
  W = constraint.apply(referenceLinAlg, W, state).W;
  const warm: number[] = [];
  const warmIterations: number[] = [];
  const cold: number[] = [];
  const coldIterations: number[] = [];
  for (let s = 0; s < steps; s++) {
    const data = W.data.map((x) => x + (0.01 / Math.sqrt(h)) * rand());
    W = { shape: [h, h], data };
    let t0 = performance.now();
    const c = projectSpectralNorm(referenceLinAlg, W, 1.8, { tol: constraint.tol });
    cold.push(performance.now() - t0);
    coldIterations.push(c.iterations);
    t0 = performance.now();
    const r: SpectralConstraintResult<HostTensor> = constraint.apply(referenceLinAlg, W, state);
    warm.push(performance.now() - t0);
    warmIterations.push(r.iterations);
    ({ W, state } = r);
  }
  rows.push({ h, warmMs: median(warm), warmIterations: median(warmIterations), coldMs: median(cold), coldIterations: median(coldIterations) });
  process.stderr.write(`H=${h}: warm ${median(warm).toFixed(2)} ms, cold ${median(cold).toFixed(2)} ms\n`);
}

console.log(
  formatTable(
    ['H', 'warm ms', 'warm iters', 'cold ms', 'cold iters'],
    rows.map((r) => [String(r.h), r.warmMs.toFixed(2), String(r.warmIterations), r.coldMs.toFixed(2), String(r.coldIterations)]),
  ),
);
writeBenchJson(out, { machine: { node: process.version, arch: process.arch }, maxNorm: 1.8, tol: 1e-6, rows });

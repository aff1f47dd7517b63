#!/usr/bin/env node
/**
 * The spectral-norm constraint on `native-cpu` (and `native-cuda` where a GPU is present) in the
 * hard case of training: an `H x H` float32 recurrent weight with entries of standard deviation
 * `1.5 / sqrt(H)` (spectral norm near 3) is projected to `s = 1.8`, then every step adds noise of
 * standard deviation `0.01 / sqrt(H)` and applies a warm-started `SpectralNormConstraint`
 * (`tol = 1e-6`), so that dozens of singular values sit at the bound and cross it. Each step is
 * timed next to numpy's full SVD projection of the same matrix (`U min(S, s) V^T`, LAPACK, float64,
 * one thread) and, every fifth step, next to a cold `projectSpectralNorm`; the medians and their
 * ratios come from one run. Without python3 and numpy the SVD column is skipped with the reason.
 * Writes a table and `bench-results/spectral-native.json` (or `--out FILE`); `--sizes 256,512`
 * picks the sizes (default 256, 512, 1024), `--steps N` the steps (default 20), `--quick` runs
 * `H = 256` for 6 steps, `--device cpu|cuda` one device.
 *
 * @module
 */
import { SpectralNormConstraint, projectSpectralNorm, seededNormal, type SpectralConstraintState } from '@stablegrad/core';
import { flagValue, formatTable, median, startNumpySvd, writeBenchJson } from '@stablegrad/core/bench-support';
import { loadAddon } from '../addon/load.js';
import { nativeDeviceInfo } from '../backend/availability.js';
import { nativeLinAlg } from '../backend/native-linalg.js';
import { NativeTensor, type NativeDevice } from '../tensor/native-tensor.js';

const quick = process.argv.includes('--quick');
const out = flagValue('--out') ?? 'bench-results/spectral-native.json';
const sizes = (flagValue('--sizes') ?? (quick ? '256' : '256,512,1024')).split(',').map(Number);
const steps = Number(flagValue('--steps') ?? (quick ? 6 : 20));
const only = flagValue('--device');
const MAX_NORM = 1.8;

interface Row {
  device: NativeDevice;
  H: number;
  warmMs: number;
  warmIterations: number;
  k: number;
  clipped: number;
  firstMs: number;
  coldMs: number;
  svdMs?: number;
  warmOverSvd?: number;
  coldOverSvd?: number;
}

const info = nativeDeviceInfo();
const devices: NativeDevice[] = (['cpu', 'cuda'] as const).filter(
  (d) => (only === undefined || only === d) && (d === 'cpu' || info.cuda.available),
);
const skipped: string[] = [];
if ((only === undefined || only === 'cuda') && !info.cuda.available) skipped.push(`native-cuda: ${info.cuda.reason}`);
const numpy = await startNumpySvd();
if ('skipped' in numpy) skipped.push(`numpy SVD: ${numpy.skipped}`);
const svd = 'skipped' in numpy ? undefined : numpy;
const sync = (device: NativeDevice) => (device === 'cuda' ? loadAddon().synchronize() : undefined);

const rows: Row[] = [];
for (const device of devices) {
  for (const H of sizes) {
    const rand = seededNormal(7);
    const constraint = new SpectralNormConstraint({ maxNorm: MAX_NORM });
    let W = NativeTensor.fromHost(device, { shape: [H, H], data: Float32Array.from({ length: H * H }, () => (1.5 / Math.sqrt(H)) * rand()) }, 'float32');
    let t0 = performance.now();
    let r = constraint.apply(nativeLinAlg, W);
    sync(device);
    const firstMs = performance.now() - t0;
    let state: SpectralConstraintState = r.state;
    let current = r.W;
    if (current !== W) W.dispose();
    const warm: number[] = [];
    const iterations: number[] = [];
    const ks: number[] = [];
    const clipped: number[] = [];
    const cold: number[] = [];
    const svdMs: number[] = [];
    for (let step = 0; step < steps; step++) {
      const data = current.toHost().data.map((x) => x + (0.01 / Math.sqrt(H)) * rand());
      current.dispose();
      W = NativeTensor.fromHost(device, { shape: [H, H], data }, 'float32');
      t0 = performance.now();
      r = constraint.apply(nativeLinAlg, W, state);
      sync(device);
      warm.push(performance.now() - t0);
      iterations.push(r.iterations);
      ks.push(r.state.k);
      if (svd !== undefined) svdMs.push(...(await svd.time(data, H, MAX_NORM, 1)));
      if (step % 5 === 0) {
        t0 = performance.now();
        const c = projectSpectralNorm(nativeLinAlg, W, MAX_NORM, { tol: constraint.tol });
        sync(device);
        cold.push(performance.now() - t0);
        clipped.push(c.singularValues.length);
        if (c.W !== W) c.W.dispose();
      }
      state = r.state;
      current = r.W;
      if (current !== W) W.dispose();
    }
    current.dispose();
    const row: Row = {
      device,
      H,
      warmMs: median(warm),
      warmIterations: median(iterations),
      k: median(ks),
      clipped: median(clipped),
      firstMs,
      coldMs: median(cold),
    };
    if (svdMs.length > 0) {
      row.svdMs = median(svdMs);
      row.warmOverSvd = row.warmMs / row.svdMs;
      row.coldOverSvd = row.coldMs / row.svdMs;
    }
    rows.push(row);
    process.stderr.write(`${device} H=${H}: warm ${row.warmMs.toFixed(2)} ms, cold ${row.coldMs.toFixed(1)} ms, numpy SVD ${row.svdMs?.toFixed(1) ?? '-'} ms\n`);
  }
}
svd?.close();

const fixed = (x: number | undefined, digits: number) => (x === undefined ? 'skipped' : x.toFixed(digits));
console.log(
  formatTable(
    ['device', 'H', 'warm ms', 'warm iters', 'k', 'clipped', 'cold ms', 'numpy SVD ms', 'warm / SVD', 'cold / SVD'],
    rows.map((r) => [
      r.device,
      String(r.H),
      r.warmMs.toFixed(2),
      String(r.warmIterations),
      String(r.k),
      String(r.clipped),
      r.coldMs.toFixed(1),
      fixed(r.svdMs, 1),
      fixed(r.warmOverSvd, 3),
      fixed(r.coldOverSvd, 2),
    ]),
  ),
);
for (const reason of skipped) console.log(`skipped: ${reason}`);
writeBenchJson(out, {
  machine: { node: process.version, arch: process.arch, threads: loadAddon().threads() },
  numpy: svd?.version ?? null,
  maxNorm: MAX_NORM,
  tol: 1e-6,
  steps,
  skipped,
  rows,
});

#!/usr/bin/env node
/**
 * The spectral-norm constraint on `native-cpu` (and `native-cuda` where a GPU is present) in the
 * hard case of training (core's `benchSpectral`): an `H x H` float32 weight with entries of
 * standard deviation `1.5 / sqrt(H)` is projected to `s = 1.8`, then every step adds noise of
 * standard deviation `0.01 / sqrt(H)` and applies a warm-started `SpectralNormConstraint`
 * (`tol = 1e-6`). Each step is timed next to numpy's full SVD projection of the same matrix
 * (LAPACK, float64, one thread) and checked against it, every fifth next to a cold
 * `projectSpectralNorm`; medians and ratios come from one run. Without python3 and numpy the SVD
 * columns are skipped with the reason. Writes a table and `bench-results/spectral-native.json`
 * (or `--out FILE`); `--sizes 256,512` picks the sizes (default 256, 512, 1024), `--steps N` the
 * steps (default 20), `--quick` runs `H = 256` for 6 steps, `--device cpu|cuda` one device.
 * Exits non-zero when a result breaks the guarantee.
 *
 * @module
 */
import { benchSpectral, flagValue, spectralTable, startNumpySvd, writeBenchJson, BENCH_MAX_NORM, type SpectralBenchRow } from '@stablegrad/core/bench-support';
import { loadAddon } from '../addon/load.js';
import { nativeDeviceInfo } from '../backend/availability.js';
import { nativeLinAlg } from '../backend/native-linalg.js';
import { NativeTensor, type NativeDevice } from '../tensor/native-tensor.js';

const quick = process.argv.includes('--quick');
const out = flagValue('--out') ?? 'bench-results/spectral-native.json';
const sizes = (flagValue('--sizes') ?? (quick ? '256' : '256,512,1024')).split(',').map(Number);
const steps = Number(flagValue('--steps') ?? (quick ? 6 : 20));
const only = flagValue('--device');

const info = nativeDeviceInfo();
const devices: NativeDevice[] = (['cpu', 'cuda'] as const).filter(
  (d) => (only === undefined || only === d) && (d === 'cpu' || info.cuda.available),
);
const skipped: string[] = [];
if ((only === undefined || only === 'cuda') && !info.cuda.available) skipped.push(`native-cuda: ${info.cuda.reason}`);
const numpy = await startNumpySvd();
if ('skipped' in numpy) skipped.push(`numpy SVD: ${numpy.skipped}`);
const svd = 'skipped' in numpy ? undefined : numpy;

const rows: SpectralBenchRow[] = [];
const failures: string[] = [];
for (const device of devices) {
  const target = {
    name: `native-${device}`,
    la: nativeLinAlg,
    upload: (data: Float32Array, H: number) => NativeTensor.fromHost(device, { shape: [H, H], data }, 'float32'),
    download: (t: NativeTensor) => t.toHost().data,
    dispose: (t: NativeTensor) => t.dispose(),
    ...(device === 'cuda' ? { synchronize: () => loadAddon().synchronize() } : {}),
  };
  rows.push(...(await benchSpectral(target, sizes, steps, svd, failures)));
}
svd?.close();

console.log(spectralTable(rows));
for (const reason of skipped) console.log(`skipped: ${reason}`);
writeBenchJson(out, {
  machine: { node: process.version, arch: process.arch, threads: loadAddon().threads() },
  numpy: svd?.version ?? null,
  maxNorm: BENCH_MAX_NORM,
  tol: 1e-6,
  steps,
  skipped,
  failures,
  rows,
});
if (failures.length > 0) {
  for (const f of failures) console.error(`not exact: ${f}`);
  process.exitCode = 1;
}

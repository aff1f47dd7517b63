/**
 * `pnpm bench` for the spectral-norm constraint on core's float64 reference (plain JavaScript):
 * the hard case of training (see {@link benchSpectral}) at `H = 64, 128, 256` (`--sizes` picks
 * others, `--quick` runs `H = 64`), each warm step timed next to numpy's full SVD projection
 * (LAPACK, float64, one thread) of the same matrix and checked against it; without python3 and
 * numpy the SVD columns are skipped with the reason. The compiled backends have their own runs
 * of the same benchmark at `H = 256, 512, 1024` (`@stablegrad/native`'s `dist/bench/spectral.js`).
 * Writes a table and `bench-results/spectral.json` (or `--out FILE`); exits non-zero when a
 * result breaks the guarantee.
 *
 * @module
 */
import { referenceLinAlg } from '../linalg/reference-linalg.js';
import type { HostTensor } from '../tensor.js';
import { startNumpySvd } from './numpy-svd.js';
import { BENCH_MAX_NORM, benchSpectral, spectralTable, type SpectralBenchTarget } from './spectral-harness.js';
import { flagValue, writeBenchJson } from './support.js';

const quick = process.argv.includes('--quick');
const out = flagValue('--out') ?? 'bench-results/spectral.json';
const sizes = (flagValue('--sizes') ?? (quick ? '64' : '64,128,256')).split(',').map(Number);
const steps = Number(flagValue('--steps') ?? (quick ? 6 : 20));

const reference: SpectralBenchTarget<HostTensor> = {
  name: 'reference',
  la: referenceLinAlg,
  upload: (data, H) => ({ shape: [H, H], data }),
  download: (t) => t.data,
  dispose: () => undefined,
};
const numpy = await startNumpySvd();
const svd = 'skipped' in numpy ? undefined : numpy;
const failures: string[] = [];
const rows = await benchSpectral(reference, sizes, steps, svd, failures);
svd?.close();
console.log(spectralTable(rows));
const skipped = 'skipped' in numpy ? [`numpy SVD: ${numpy.skipped}`] : [];
for (const reason of skipped) console.log(`skipped: ${reason}`);
writeBenchJson(out, { machine: { node: process.version, arch: process.arch }, numpy: svd?.version ?? null, maxNorm: BENCH_MAX_NORM, tol: 1e-6, steps, skipped, failures, rows });
if (failures.length > 0) {
  for (const f of failures) console.error(`not exact: ${f}`);
  process.exitCode = 1;
}

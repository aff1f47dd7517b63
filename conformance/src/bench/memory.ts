/**
 * Host memory over many optimizer steps on every backend that runs in Node: the resident set size
 * (RSS) and, where the runtime counts them, the live tensors, before and after the loops a user
 * writes with core's `Optimizer`.
 *
 *   node dist/bench/memory.js [--steps 10000] [--backends js,native-cpu,...] [--out FILE]
 *
 * Modes, each run for each backend in its own process (so that one run's heap does not colour the
 * next), SDProp (`lr` 1e-3) over a 128 x 128 matrix `W` and a 128 vector `b`, seeded Gaussian
 * values, with two gradient sets `g` and `-g` made once and used in turn (so that the parameters
 * stay near where they started):
 *
 * - `in-place`: `opt.step(grads, state, params, true)`, the result's tensors used from then on;
 * - `disposed`: out of place, the replaced parameters and slots freed by the loop with the
 *   backend's `disposeTensor` (left to the garbage collector on backends without one);
 * - `in-place-clip`: in place with `clipByGlobalNorm(1e-3)`, which clips at every step;
 * - `in-place-constraint`: in place with `SpectralNormConstraint({ maxNorm: 1 })` on `W`, whose
 *   spectral norm starts near 1.1, so that the first step clips a few singular values and later
 *   steps push some of them back above the bound.
 *
 * The counts before are taken after 100 warm-up steps (the first steps fill caches, compile
 * kernels and open sessions). Writes a table to stdout and JSON to `bench-results/memory.json`
 * (or `--out FILE`); a backend that cannot run here is listed as skipped with the reason.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Optimizer, SpectralNormConstraint, clipByGlobalNorm, seededNormal, type Backend, type HostTensor } from '@stablegrad/core';
import { flagValue, formatTable, writeBenchJson } from '@stablegrad/core/bench-support';
import { conformanceRegistry } from '../registry.js';

const MODES = ['in-place', 'disposed', 'in-place-clip', 'in-place-constraint'] as const;
type Mode = (typeof MODES)[number];
const DEFAULT_BACKENDS = ['js', 'onnx-cpu', 'native-cpu', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-tensorflow'];
const WARM_UP = 100;
const MiB = 2 ** 20;

/** One backend and mode, measured. */
interface MemoryRow {
  readonly backend: string;
  readonly mode: Mode;
  readonly steps: number;
  readonly seconds: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
  /** Live tensors counted by the runtime (native: the addon's; tfjs: `tf.memory().numTensors`); absent where it keeps no count. */
  readonly liveBefore?: number;
  readonly liveAfter?: number;
}

/** The live-tensor count of a backend's runtime, where it keeps one. */
async function liveCounter(id: string): Promise<(() => number) | undefined> {
  if (id.startsWith('native-')) {
    const { liveTensors } = await import('@stablegrad/native');
    return () => liveTensors().count;
  }
  if (id.startsWith('tfjs-')) {
    const tf = await import('@tensorflow/tfjs-core');
    return () => tf.memory().numTensors;
  }
  return undefined;
}

/** Seeded Gaussian values with standard deviation `scale`. */
function hostData(shape: readonly number[], seed: number, scale: number): HostTensor {
  const normal = seededNormal(seed);
  const data = new Float32Array(shape.reduce((a, d) => a * d, 1));
  for (let i = 0; i < data.length; i++) data[i] = scale * normal();
  return { shape, data };
}

/** Runs one backend and mode in this process. */
async function measure(id: string, mode: Mode, steps: number): Promise<MemoryRow> {
  const { registry } = await conformanceRegistry();
  const backend: Backend<unknown> = await registry.get(id).create();
  const live = await liveCounter(id);
  const opt = new Optimizer(
    'sdprop',
    { lr: 1e-3 },
    {
      backend,
      gradientTransforms: mode === 'in-place-clip' ? [clipByGlobalNorm(1e-3)] : [],
      ...(mode === 'in-place-constraint' ? { constraints: { W: new SpectralNormConstraint({ maxNorm: 1 }) } } : {}),
    },
  );
  const n = 128;
  // A Gaussian n x n matrix with entries of deviation c / sqrt(n) has spectral norm near 2 c.
  let params: Record<string, unknown> = { W: backend.fromHost(hostData([n, n], 1, 0.55 / Math.sqrt(n)), 'float32'), b: backend.fromHost(hostData([n], 2, 1), 'float32') };
  const negated = (t: HostTensor): HostTensor => ({ shape: t.shape, data: Float32Array.from(t.data, (x) => -x) });
  const [gW, gb] = [hostData([n, n], 3, 1), hostData([n], 4, 1)];
  const grads = [
    { W: backend.fromHost(gW, 'float32'), b: backend.fromHost(gb, 'float32') },
    { W: backend.fromHost(negated(gW), 'float32'), b: backend.fromHost(negated(gb), 'float32') },
  ];
  let state = opt.init(params);
  const inPlace = mode !== 'disposed';
  let t = 0;
  const step = (): void => {
    const r = opt.step(grads[t++ % 2]!, state, params, inPlace);
    if (!inPlace) {
      for (const p of Object.values(params)) backend.disposeTensor?.(p);
      for (const slots of Object.values(state.slots)) for (const s of Object.values(slots)) backend.disposeTensor?.(s);
    }
    ({ params, state } = r);
  };
  for (let i = 0; i < WARM_UP; i++) step();
  const before = { rss: process.memoryUsage().rss, live: live?.() };
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const seconds = (performance.now() - t0) / 1000;
  const after = { rss: process.memoryUsage().rss, live: live?.() };
  return {
    backend: id,
    mode,
    steps,
    seconds,
    rssBeforeMiB: before.rss / MiB,
    rssAfterMiB: after.rss / MiB,
    ...(before.live !== undefined ? { liveBefore: before.live, liveAfter: after.live! } : {}),
  };
}

const steps = Number(flagValue('--steps') ?? '10000');
if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`--steps: expected a positive integer, got '${flagValue('--steps')}'`);
const one = flagValue('--backend');
if (one !== undefined) {
  const mode = flagValue('--mode') as Mode;
  if (!MODES.includes(mode)) throw new RangeError(`--mode: expected one of ${MODES.join(', ')}, got '${mode}'`);
  process.stdout.write(`${JSON.stringify(await measure(one, mode, steps))}\n`);
} else {
  const ids = flagValue('--backends')?.split(',') ?? DEFAULT_BACKENDS;
  const { registry } = await conformanceRegistry();
  const rows: MemoryRow[] = [];
  const skipped: { backend: string; reason: string }[] = [];
  for (const id of ids) {
    const a = registry.has(id) ? await registry.get(id).availability() : { available: false as const, reason: `no backend '${id}' is registered` };
    if (!a.available) {
      skipped.push({ backend: id, reason: a.reason });
      continue;
    }
    for (const mode of MODES) {
      process.stderr.write(`${id} ${mode}: ${steps} steps\n`);
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--backend', id, '--mode', mode, '--steps', String(steps)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${id} ${mode} failed (status ${r.status}, signal ${r.signal}): ${r.stderr}`);
      rows.push(JSON.parse(r.stdout.trim().split('\n').at(-1)!) as MemoryRow);
    }
  }
  const count = (x: number | undefined) => (x === undefined ? '-' : String(x));
  console.log(
    formatTable(
      ['backend', 'mode', 'steps', 'RSS MiB before', 'RSS MiB after', 'live before', 'live after', 's'],
      rows.map((r) => [r.backend, r.mode, String(r.steps), r.rssBeforeMiB.toFixed(0), r.rssAfterMiB.toFixed(0), count(r.liveBefore), count(r.liveAfter), r.seconds.toFixed(1)]),
      [0, 1],
    ),
  );
  for (const s of skipped) console.log(`skipped ${s.backend}: ${s.reason}`);
  writeBenchJson(flagValue('--out') ?? 'bench-results/memory.json', { steps, warmUp: WARM_UP, rows, skipped });
}

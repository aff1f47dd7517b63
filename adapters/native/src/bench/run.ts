#!/usr/bin/env node
/**
 * `pnpm bench` for the native addon: step time per rule on `native-cpu` at 2^16, 2^20 and 2^24
 * float32 parameters (and on `native-cuda` up to 2^27 plus a ten-tensor GRU-shaped set of 33 M
 * parameters when a GPU is present), next to a copy of the same bytes on the same device timed in
 * the same run (half read, half written, as core's benchmark does; on the CPU the copy runs on the
 * same thread pool as the step), and next to the `js` backend; then the JavaScript-to-native
 * overhead of one step over 100 small tensors. Writes a table to stdout and JSON to
 * `bench-results/native.json` (or `--out FILE`). `--quick` stops at 2^20; `--device cpu|cuda`
 * runs one device only; `--only steps|overhead` runs one of the two parts.
 *
 * @module
 */
import { Optimizer, jsBackend, type Backend, type HostTensor } from '@stablegrad/core';
import { BENCH_RULES, flagValue, formatTable, interleavedMedianMs, medianMs, pseudoRandomArray, stepBytesPerParam, writeBenchJson } from '@stablegrad/core/bench-support';
import { loadAddon } from '../addon/load.js';
import { nativeAvailability, nativeDeviceInfo } from '../backend/availability.js';
import { nativeBackend } from '../backend/native-backend.js';
import { NativeTensor, type NativeDevice } from '../tensor/native-tensor.js';

const quick = process.argv.includes('--quick');
const out = flagValue('--out') ?? 'bench-results/native.json';
const only = flagValue('--device');
const part = flagValue('--only');
if (part !== undefined && part !== 'steps' && part !== 'overhead') throw new RangeError(`--only: expected 'steps' or 'overhead', got '${part}'`);
/** A two-layer GRU language model (vocabulary 10,000, 1,024 units) as ten tensors, 33.1 M parameters. */
const GRU_SET: Record<string, number[]> = {
  embedding: [10000, 1024],
  gru1_kernel: [1024, 3072],
  gru1_recurrent: [1024, 3072],
  gru1_bias: [2, 3072],
  gru2_kernel: [1024, 3072],
  gru2_recurrent: [1024, 3072],
  gru2_bias: [2, 3072],
  h0: [1024],
  dense_kernel: [1024, 10000],
  dense_bias: [10000],
};

interface Row {
  device: NativeDevice;
  rule: string;
  set: string;
  n: number;
  ms: number;
  gbPerS: number;
  copyMs: number;
  fractionOfCopy: number;
  jsMs?: number;
  speedupOverJs?: number;
}

const addon = loadAddon();
const rows: Row[] = [];
const filled = (shape: number[], seed: number): HostTensor => ({ shape, data: pseudoRandomArray(shape.reduce((a, d) => a * d, 1), seed) });

function benchSet(device: NativeDevice, label: string, shapes: Record<string, number[]>, withJs: boolean): void {
  const backend = nativeBackend({ device });
  const sync = device === 'cuda' ? () => addon.synchronize() : () => undefined;
  const n = Object.values(shapes).reduce((a, s) => a + s.reduce((x, d) => x * d, 1), 0);
  for (const [rule, hyper] of BENCH_RULES) {
    const opt = new Optimizer(rule, hyper, { backend });
    const bytesPerParam = stepBytesPerParam(opt.compiled.slots.length);
    const moved = bytesPerParam * n;
    let params = Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, backend.fromHost(filled(s, i + 1), 'float32')]));
    const grads = Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, backend.fromHost(filled(s, i + 101), 'float32')]));
    let state = opt.init(params);
    const src = NativeTensor.zeros(device, [moved / 8], 'float32');
    const dst = NativeTensor.zeros(device, [moved / 8], 'float32');
    const [ms, copyMs] = interleavedMedianMs(
      [
        () => {
          ({ params, state } = opt.step(grads, state, params, true));
          sync();
        },
        () => {
          dst.copyFrom(src);
          sync();
        },
      ],
      { warmup: 2, minRounds: 5, minMs: 500, maxRounds: 100 },
    );
    let jsMs: number | undefined;
    if (withJs) {
      const jsOpt = new Optimizer(rule, hyper, { backend: jsBackend as Backend<HostTensor> });
      let jp = Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, filled(s, i + 1)]));
      const jg = Object.fromEntries(Object.entries(shapes).map(([k, s], i) => [k, filled(s, i + 101)]));
      let js = jsOpt.init(jp);
      jsMs = medianMs(() => ({ params: jp, state: js } = jsOpt.step(jg, js, jp, true)), 3, 300);
    }
    rows.push({
      device,
      rule,
      set: label,
      n,
      ms: ms!,
      gbPerS: moved / ms! / 1e6,
      copyMs: copyMs!,
      fractionOfCopy: copyMs! / ms!,
      ...(jsMs !== undefined ? { jsMs, speedupOverJs: jsMs / ms! } : {}),
    });
    process.stderr.write(`${device} ${label} ${rule}: ${ms!.toFixed(3)} ms (copy ${copyMs!.toFixed(3)} ms${jsMs !== undefined ? `, js ${jsMs.toFixed(3)} ms` : ''})\n`);
    for (const t of [...Object.values(params), ...Object.values(grads), ...Object.values(state.slots).flatMap((s) => Object.values(s)), src, dst]) t.dispose();
  }
}

/** Median microseconds of one in-place step over 100 tensors of 16 elements (sdprop), by `kernel.run` and by `Optimizer.step`. */
function overheadUs(device: NativeDevice): void {
  const backend = nativeBackend({ device });
  const opt = new Optimizer('sdprop', {}, { backend });
  const names = Array.from({ length: 100 }, (_, i) => `p${i}`);
  let params = Object.fromEntries(names.map((k, i) => [k, backend.fromHost(filled([16], i + 1), 'float32')]));
  const grads = Object.fromEntries(names.map((k, i) => [k, backend.fromHost(filled([16], i + 500), 'float32')]));
  let state = opt.init(params);
  const kernel = backend.compile(opt.compiled, 'float32');
  const groups = names.map((k) => ({ param: params[k]!, grad: grads[k]!, ...state.slots[k] }));
  const scalars = opt.compiled.rule.scalars(opt.compiled.hyper, 1);
  const kernelUs = 1000 * medianMs(() => kernel.run(groups, scalars, true), 200, 500, 20000);
  const stepUs = 1000 * medianMs(() => ({ params, state } = opt.step(grads, state, params, true)), 200, 500, 20000);
  process.stderr.write(`${device} overhead: kernel.run ${kernelUs.toFixed(1)} us, Optimizer.step ${stepUs.toFixed(1)} us\n`);
  overheads.push({ device, tensors: 100, elements: 16, kernelRunUs: kernelUs, optimizerStepUs: stepUs });
}

const overheads: { device: NativeDevice; tensors: number; elements: number; kernelRunUs: number; optimizerStepUs: number }[] = [];
const devices: NativeDevice[] = (['cpu', 'cuda'] as const).filter((d) => (only === undefined || only === d) && nativeAvailability(d).available);
for (const device of ['cpu', 'cuda'] as const) {
  const a = nativeAvailability(device);
  if (!a.available) process.stderr.write(`native-${device} skipped: ${a.reason}\n`);
}
for (const device of devices) {
  if (part !== 'overhead') {
    const exponents = device === 'cpu' ? (quick ? [16, 20] : [16, 20, 24]) : quick ? [16, 20] : [16, 20, 24, 27];
    for (const e of exponents) benchSet(device, `2^${e}`, { w: [2 ** e] }, device === 'cpu');
    if (device === 'cuda' && !quick) benchSet(device, 'GRU 33.1M x10', GRU_SET, false);
  }
  if (part !== 'steps') overheadUs(device);
}

const header = ['device', 'rule', 'params', 'step ms', 'GB/s', 'copy ms', 'of copy', 'js ms', 'x js'];
const body = rows.map((r) => [
  r.device,
  r.rule,
  r.set,
  r.ms.toFixed(3),
  r.gbPerS.toFixed(2),
  r.copyMs.toFixed(3),
  `${(100 * r.fractionOfCopy).toFixed(1)} %`,
  r.jsMs !== undefined ? r.jsMs.toFixed(3) : '-',
  r.speedupOverJs !== undefined ? r.speedupOverJs.toFixed(1) : '-',
]);
const tables: string[] = [];
if (rows.length > 0) tables.push(formatTable(header, body, [0, 1, 2]));
if (overheads.length > 0) {
  tables.push(formatTable(['device', 'one step over 100 tensors of 16', 'kernel.run us', 'Optimizer.step us'], overheads.map((o) => [o.device, 'sdprop, in place', o.kernelRunUs.toFixed(1), o.optimizerStepUs.toFixed(1)]), [0, 1]));
}
console.log(tables.join('\n\n'));
writeBenchJson(out, {
  machine: { node: process.version, platform: process.platform, arch: process.arch, ...nativeDeviceInfo() },
  dtype: 'float32',
  copy: 'a copy of the same number of bytes on the same device (half read, half written): memcpy in 1 MiB chunks over the CPU thread pool, or cudaMemcpy device to device',
  rows,
  overheads,
});

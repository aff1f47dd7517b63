/**
 * `pnpm bench` for the ONNX adapter: optimizer step time on `onnx-cpu` against core's `js` backend
 * at 2^16, 2^20 and 2^24 float32 parameters, for every built-in rule, with the step writing in
 * place (the training-loop mode of core's benchmark) and writing new tensors. The two backends
 * are timed in alternation, step by step, so that both see the same machine load. Writes a table
 * to stdout and JSON to `bench-results/onnx.json` (or `--out FILE`). `--quick` stops at 2^20,
 * `--rules a,b` picks rules, `--chunk N` and `--threads N` set `chunkElements` and
 * `intraOpNumThreads`.
 *
 * @module
 */
import { cpus } from 'node:os';
import { Optimizer, jsBackend, type Backend, type HostTensor } from '@stablegrad/core';
import { BENCH_RULES, flagValue, formatTable, median, pseudoRandomArray, writeBenchJson } from '@stablegrad/core/bench-support';
import { DEFAULT_CHUNK_ELEMENTS, onnxBackend } from '../backend/onnx-backend.js';
import { loadOrt } from '../runtime/ort.js';

const flag = (name: string): string | undefined => flagValue(name);
const out = flag('--out') ?? 'bench-results/onnx.json';
const exponents = process.argv.includes('--quick') ? [16, 20] : [16, 20, 24];
const picked = flag('--rules')?.split(',');
const rules = picked ? BENCH_RULES.filter(([r]) => picked.includes(r)) : BENCH_RULES;
const chunkElements = Number(flag('--chunk') ?? DEFAULT_CHUNK_ELEMENTS);
const threads = flag('--threads');
const onnx = onnxBackend({ chunkElements, ...(threads !== undefined ? { intraOpNumThreads: Number(threads) } : {}) });

interface Row {
  rule: string;
  n: number;
  inPlace: boolean;
  jsMs: number;
  onnxMs: number;
  ratio: number;
  rounds: number;
}


/** A stepper for one backend: a closure that takes one optimizer step and returns its time in ms. */
function stepper<Tn>(backend: Backend<Tn>, rule: string, hyper: Record<string, unknown>, n: number, inPlace: boolean): () => number {
  const opt = new Optimizer(rule, hyper, { backend });
  const host = (seed: number): HostTensor => ({ shape: [n], data: pseudoRandomArray(n, seed) });
  let params: Record<string, Tn> = { w: backend.fromHost(host(1), 'float32') };
  const grads = { w: backend.fromHost(host(2), 'float32') };
  let state = opt.init(params);
  return () => {
    const t0 = performance.now();
    ({ params, state } = opt.step(grads, state, params, inPlace));
    return performance.now() - t0;
  };
}

const rows: Row[] = [];
for (const e of exponents) {
  const n = 2 ** e;
  for (const [rule, hyper] of rules) {
    for (const inPlace of [true, false]) {
      const js = stepper(jsBackend, rule, hyper, n, inPlace);
      const ox = stepper(onnx, rule, hyper, n, inPlace);
      const warm = performance.now();
      for (let i = 0; i < 30 && (i < 3 || performance.now() - warm < 300); i++) {
        js();
        ox();
      }
      const jsTimes: number[] = [];
      const onnxTimes: number[] = [];
      const start = performance.now();
      while (jsTimes.length < 40 && (jsTimes.length < 7 || performance.now() - start < 1500)) {
        jsTimes.push(js());
        onnxTimes.push(ox());
      }
      const row: Row = { rule, n, inPlace, jsMs: median(jsTimes), onnxMs: median(onnxTimes), ratio: median(onnxTimes) / median(jsTimes), rounds: jsTimes.length };
      rows.push(row);
      process.stderr.write(`2^${e} ${rule} ${inPlace ? 'in place' : 'new tensors'}: js ${row.jsMs.toFixed(2)} ms, onnx-cpu ${row.onnxMs.toFixed(2)} ms\n`);
    }
  }
}
onnx.dispose();

const header = ['rule', 'params', 'writes', 'js ms', 'onnx-cpu ms', 'onnx / js'];
const body = rows.map((r) => [r.rule, `2^${Math.log2(r.n)}`, r.inPlace ? 'in place' : 'new', r.jsMs.toFixed(2), r.onnxMs.toFixed(2), r.ratio.toFixed(2)]);
console.log(formatTable(header, body));
const machine = { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' };
const options = { chunkElements, intraOpNumThreads: threads === undefined ? 'default' : Number(threads) };
writeBenchJson(out, { machine, onnxruntime: loadOrt().version, options, dtype: 'float32', rows });

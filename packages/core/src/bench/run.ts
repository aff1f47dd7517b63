/**
 * `pnpm bench` for the core: step time per rule on `js` and `reference-f32` at 2^16, 2^20 and
 * 2^24 float32 parameters, next to a plain copy of the same number of bytes timed in the same run
 * (the memory-bandwidth yardstick). Writes a table to stdout and JSON to
 * `bench-results/core.json` (or the path given with `--out`). `--quick` stops at 2^20.
 *
 * @module
 */
import { jsBackend, referenceF32, type Backend, type HostTensor } from '../index.js';
import { Optimizer } from '../optimizer/optimizer.js';
import { BENCH_RULES, flagValue, formatTable, hostCopyMs, medianMs, pseudoRandomArray, stepBytesPerParam, writeBenchJson } from './support.js';

const quick = process.argv.includes('--quick');
const out = flagValue('--out') ?? 'bench-results/core.json';
const exponents = quick ? [16, 20] : [16, 20, 24];
const backends: Backend[] = [jsBackend, referenceF32];

interface Row {
  rule: string;
  backend: string;
  n: number;
  ms: number;
  bytesPerParam: number;
  gbPerS: number;
  copyMs: number;
  copyGbPerS: number;
  fractionOfCopy: number;
}

const filled = (n: number, seed: number): HostTensor => ({ shape: [n], data: pseudoRandomArray(n, seed) });

const rows: Row[] = [];
for (const e of exponents) {
  const n = 2 ** e;
  const params = { w: filled(n, 1) };
  const grads = { w: filled(n, 2) };
  for (const [rule, hyper] of BENCH_RULES) {
    for (const backend of backends) {
      const opt = new Optimizer(rule, hyper, { backend });
      let state = opt.init(params);
      let p: Record<string, HostTensor> = params;
      const bytesPerParam = stepBytesPerParam(opt.compiled.slots.length);
      const moved = bytesPerParam * n;
      const copyMs = hostCopyMs(moved);
      const slow = backend.id.startsWith('reference');
      const ms = medianMs(() => ({ params: p, state } = opt.step(grads, state, p, true)), slow ? 1 : 3, slow ? 0 : 300);
      const row: Row = {
        rule,
        backend: backend.id,
        n,
        ms,
        bytesPerParam,
        gbPerS: moved / ms / 1e6,
        copyMs,
        copyGbPerS: moved / copyMs / 1e6,
        fractionOfCopy: copyMs / ms,
      };
      rows.push(row);
      process.stderr.write(`2^${e} ${rule} ${backend.id}: ${ms.toFixed(3)} ms\n`);
    }
  }
}

const header = ['rule', 'backend', 'params', 'step ms', 'GB/s', 'copy ms', 'copy GB/s', 'of copy'];
const body = rows.map((r) => [
  r.rule,
  r.backend,
  `2^${Math.log2(r.n)}`,
  r.ms.toFixed(3),
  r.gbPerS.toFixed(2),
  r.copyMs.toFixed(3),
  r.copyGbPerS.toFixed(2),
  `${(100 * r.fractionOfCopy).toFixed(1)} %`,
]);
console.log(formatTable(header, body));
writeBenchJson(out, { machine: { node: process.version, platform: process.platform, arch: process.arch }, dtype: 'float32', rows });

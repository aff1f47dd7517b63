/**
 * The benchmark: every available backend of the conformance registry × rule × size, each cell
 * next to the copy yardstick, with the backends and cells that were not run and why.
 *
 * @module
 */
import { cpus } from 'node:os';
import { fullRegistry, isRemote } from '@stablegrad/conformance';
import type { HostTensor } from '@stablegrad/core';
import { BENCH_RULES, pseudoRandomArray } from '@stablegrad/core/bench-support';
import type { Progress } from '../report/schema.js';
import { REFERENCE_MAX_EXPONENT, isReferenceBackend } from './bench-rules.js';
import { timeCell, type CellInputs } from './time-cell.js';

/** What to benchmark. */
export interface BenchOptions {
  /** Backend ids (default: every registered one). */
  readonly backends?: readonly string[];
  /** Rule ids (default: the five built-ins). */
  readonly rules?: readonly string[];
  /** Sizes as exponents of 2. */
  readonly exponents: readonly number[];
}

/** The machine a benchmark ran on. */
export interface BenchMachine {
  /** Node version. */
  readonly node: string;
  /** `process.platform`. */
  readonly platform: string;
  /** `process.arch`. */
  readonly arch: string;
  /** Logical CPU count. */
  readonly cpus: number;
  /** CPU model name. */
  readonly cpu: string;
}

/** One timed cell. */
export interface BenchRow {
  /** Backend id. */
  readonly backend: string;
  /** Rule id. */
  readonly rule: string;
  /** Number of float32 parameters. */
  readonly n: number;
  /** Median milliseconds per step. */
  readonly ms: number;
  /** Bytes one step reads and writes per parameter: parameter, gradient and slots. */
  readonly bytesPerParam: number;
  /** Bytes moved per second by the step, in GB/s. */
  readonly gbPerS: number;
  /** Median milliseconds of the copy of the same bytes, timed in the same run. */
  readonly copyMs: number;
  /** Bytes moved per second by the copy, in GB/s. */
  readonly copyGbPerS: number;
  /** Copy time over step time: 1 means the step runs at copy speed. */
  readonly fractionOfCopy: number;
}

/** A backend, or a backend at one size, that was not run, and why. */
export interface BenchSkip {
  /** Backend id, or the plugin package that could not be loaded. */
  readonly backend: string;
  /** The size skipped, when only some sizes were. */
  readonly n?: number;
  /** Why it was not run. */
  readonly reason: string;
}

/** What {@link runBench} returns and `--out` holds. */
export interface BenchResult {
  /** Where it ran. */
  readonly machine: BenchMachine;
  /** Element type of every cell. */
  readonly dtype: 'float32';
  /** The timed cells, in run order. */
  readonly rows: readonly BenchRow[];
  /** Backends that could not run here and sizes not run, with the reasons. */
  readonly skipped: readonly BenchSkip[];
}

/** `what` checked against `known`, or a RangeError naming the flag and the known names. */
function checkNames(flag: string, what: readonly string[], known: readonly string[]): void {
  const unknown = what.filter((w) => !known.includes(w));
  if (unknown.length > 0) throw new RangeError(`${flag}: unknown ${unknown.map((u) => `'${u}'`).join(', ')}; expected some of ${known.join(', ')}`);
}

/** The host inputs of size `2^e`, made once per size. */
function inputsOf(e: number): CellInputs {
  const tensor = (seed: number): HostTensor => ({ shape: [2 ** e], data: pseudoRandomArray(2 ** e, seed) });
  return { param: tensor(1), grads: [2, 3, 4, 5].map(tensor) };
}

/**
 * Runs the benchmark, advancing `progress` by one per cell. Reference backends are timed at
 * 2^16 parameters at most (they call the rule per element); backends without float32,
 * unavailable backends and plugins that could not be loaded are listed in `skipped` with the reason.
 *
 * @throws RangeError naming `--backends` or `--rules` when they name something unknown
 */
export async function runBench(options: BenchOptions, progress: Progress): Promise<BenchResult> {
  const { registry, failures } = await fullRegistry();
  const backends = options.backends ?? registry.ids();
  checkNames('--backends', backends, registry.ids());
  const ruleNames = BENCH_RULES.map(([r]) => r);
  checkNames('--rules', options.rules ?? [], ruleNames);
  const rules = BENCH_RULES.filter(([r]) => !options.rules || options.rules.includes(r));
  const skipped: BenchSkip[] = options.backends ? [] : failures.map((f) => ({ backend: f.specifier, reason: f.reason }));
  const plan: { id: string; exponents: number[] }[] = [];
  for (const id of backends) {
    const entry = registry.get(id);
    if (!entry.dtypes.includes('float32')) {
      skipped.push({ backend: id, reason: `computes in ${entry.dtypes.join(', ')}; the benchmark is float32` });
      continue;
    }
    if (isRemote(entry)) {
      skipped.push({ backend: id, reason: `runs in ${entry.runsIn}; the conformance package's runtime benchmark times it` });
      continue;
    }
    const a = await entry.availability();
    if (!a.available) {
      skipped.push({ backend: id, reason: a.reason });
      continue;
    }
    const exponents = options.exponents.filter((e) => !isReferenceBackend(id) || e <= REFERENCE_MAX_EXPONENT);
    for (const e of options.exponents.filter((x) => !exponents.includes(x))) {
      skipped.push({ backend: id, n: 2 ** e, reason: `reference backends are timed up to 2^${REFERENCE_MAX_EXPONENT} parameters (they call the rule once per element)` });
    }
    plan.push({ id, exponents });
  }
  const task = progress.start('benchmark', plan.reduce((a, p) => a + p.exponents.length * rules.length, 0));
  const rows: BenchRow[] = [];
  const inputs = new Map<number, CellInputs>();
  for (const { id, exponents } of plan) {
    const backend = await registry.get(id).create();
    for (const e of exponents) {
      if (!inputs.has(e)) inputs.set(e, inputsOf(e));
      for (const [rule, hyper] of rules) {
        const n = 2 ** e;
        const c = timeCell(backend, rule, hyper, inputs.get(e)!, isReferenceBackend(id));
        const moved = c.bytesPerParam * n;
        rows.push({ backend: id, rule, n, ...c, gbPerS: moved / c.ms / 1e6, copyGbPerS: moved / c.copyMs / 1e6, fractionOfCopy: c.copyMs / c.ms });
        task.tick(1, { backend: id, rule, size: `2^${e}`, ms: c.ms });
      }
    }
    (backend as { dispose?: () => void }).dispose?.();
  }
  task.stop();
  const cpu = cpus();
  return {
    machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpu.length, cpu: cpu[0]?.model.trim() ?? 'unknown' },
    dtype: 'float32',
    rows,
    skipped,
  };
}

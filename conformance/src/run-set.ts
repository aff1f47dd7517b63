/**
 * Running one vector set on one backend.
 *
 * @module
 */
import {
  FLOAT32_TOLERANCE,
  clipByGlobalNorm,
  referenceF32,
  referenceF32Ftz,
  projectSpectralNorm,
  trajectoryAllowance,
  widen,
  worstError,
  type Backend,
  type CasesSet,
  type DType,
  type Float32Arithmetic,
  type HostTensor,
  type OptimizerSet,
  type Tolerance,
  type VectorSet,
} from '@stablegrad/core';
import { accumulate, emptyComparison, flushNote } from './arithmetic-compare.js';
import type { ResultRow } from './result.js';
import { runTrajectory, type Trajectory, type TrajectorySpec } from './trajectory.js';

/** How a set will run on a backend: in which dtype, held to which tolerance, and why. */
export interface Plan {
  /** The dtype the backend computes in. */
  readonly dtype: DType;
  /** The tolerance applied. */
  readonly tolerance: Tolerance;
  /** A note when the set runs in another dtype than its own. */
  readonly note?: string;
}

/**
 * Chooses the dtype for a set: the set's own when the backend has it; a float64 set on a
 * float32-only backend runs in float32 against {@link FLOAT32_TOLERANCE}; a float32 set on a
 * float64-only backend runs in float64 against the set's tolerance (which already allows for
 * float32 rounding in the expectation).
 */
export function planFor(set: VectorSet, dtypes: readonly DType[]): Plan {
  if (dtypes.includes(set.dtype)) return { dtype: set.dtype, tolerance: set.tolerance };
  if (set.dtype === 'float64' && dtypes.includes('float32')) {
    return {
      dtype: 'float32',
      tolerance: widen(set.tolerance, FLOAT32_TOLERANCE),
      note: `float64 set computed in float32, tolerance widened to rel ${FLOAT32_TOLERANCE.rel}, abs ${FLOAT32_TOLERANCE.abs}`,
    };
  }
  return { dtype: 'float64', tolerance: set.tolerance, note: 'float32 set computed in float64' };
}

function upload(backend: Backend<any>, shape: readonly number[], data: readonly number[], dtype: DType): unknown {
  const host: HostTensor = { shape, data: dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data) };
  return backend.fromHost(host, dtype);
}

/** Worst errors of a set: under its tolerance alone, and with the float32 trajectory allowance. */
interface Worst {
  /** `max |actual - expect| / (abs + rel * |expect|)`. */
  readonly plain: number;
  /** The same with {@link trajectoryAllowance} added where float32 arithmetic is involved. */
  readonly allowed: number;
  /** An optimizer set's parameters after every step, as the backend computed them. */
  readonly trajectory?: Trajectory;
  /** What the set ran, to rerun it on a reference. */
  readonly spec?: TrajectorySpec;
}

async function runOptimizerSet(set: OptimizerSet, backend: Backend<any>, plan: Plan): Promise<Worst> {
  const float32 = set.dtype === 'float32' || plan.dtype === 'float32';
  const scale = Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, Float64Array.from(p.init, Math.abs)]));
  const spec: TrajectorySpec = {
    rule: set.rule,
    hyper: set.hyper,
    dtype: plan.dtype,
    shapes: Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, p.shape])),
    init: Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, p.init])),
    grads: set.steps.map((s) => s.grads),
  };
  const trajectory = await runTrajectory(backend, spec);
  let plain = 0;
  let allowed = 0;
  set.steps.forEach((step, i) => {
    for (const [k, expect] of Object.entries(step.expect)) {
      const actual = trajectory[i]![k]!.data;
      const m = scale[k]!;
      expect.forEach((e, j) => (m[j] = Math.max(m[j]!, Math.abs(e))));
      plain = Math.max(plain, worstError(actual, expect, plan.tolerance));
      allowed = Math.max(allowed, float32 ? worstError(actual, expect, plan.tolerance, trajectoryAllowance(m, i + 1)) : plain);
    }
  });
  return { plain, allowed, trajectory, spec };
}

/**
 * On an `ftz` backend computing a set in float32: how many of its results differ from strict IEEE
 * only through flushed subnormals, and whether the `ftz` reference explains every result bit for
 * bit. The set is rerun on `reference-f32` in both arithmetics.
 */
async function flushAnalysis(w: Worst): Promise<{ flushed: number; note?: string }> {
  const declared = await runTrajectory(referenceF32Ftz, w.spec!);
  const ieee = await runTrajectory(referenceF32, w.spec!);
  const acc = emptyComparison();
  declared.forEach((step, k) => {
    for (const [name, want] of Object.entries(step)) accumulate(acc, 'ftz', w.trajectory![k]![name]!.data, want.data, ieee[k]![name]!.data);
  });
  const note = flushNote(acc);
  return { flushed: acc.flushed, ...(note ? { note: `${note} (the ftz reference explains every result at ${acc.maxUlp} ulp)` } : {}) };
}

/**
 * Runs a gradient-transform or constraint set: each case's inputs uploaded, the operation applied
 * through the backend's `linalg`, the outputs read back (with `toHostAsync` where the backend has
 * it: a GPU backend's synchronous read may fail where its asynchronous one works) and every
 * tensor freed.
 */
async function runCasesSet(set: CasesSet, backend: Backend<any>, plan: Plan): Promise<Worst> {
  let worst = 0;
  for (const c of set.cases) {
    const input = Object.fromEntries(Object.entries(c.input).map(([k, t]) => [k, upload(backend, t.shape, t.data, plan.dtype)]));
    let output: Record<string, unknown>;
    if (set.kind === 'gradient-transform') {
      output = clipByGlobalNorm(set.hyper.maxNorm!, { nonFinite: 'nan' }).apply(backend.linalg, input).grads;
    } else {
      output = Object.fromEntries(
        Object.entries(input).map(([k, W]) => [k, projectSpectralNorm(backend.linalg, W, set.hyper.maxNorm!).W]),
      );
    }
    try {
      for (const [k, expect] of Object.entries(c.expect)) {
        const read = backend.toHostAsync ? await backend.toHostAsync(output[k]) : backend.toHost(output[k]);
        worst = Math.max(worst, worstError(read.data, expect, plan.tolerance));
      }
    } finally {
      for (const t of new Set([...Object.values(input), ...Object.values(output)])) backend.disposeTensor?.(t);
    }
  }
  return { plain: worst, allowed: worst };
}

/**
 * Runs one set on one backend and reports it as passed or failed with its worst error. An
 * exception thrown by the backend is a failure whose reason is the exception's message. On a
 * backend declaring `ftz` arithmetic, an optimizer set computed in float32 also counts the results
 * that differ from strict IEEE only through flushed subnormals (`flushed`), and the note says so.
 *
 * @param arithmetic - the backend's declared float32 arithmetic (default `ieee`)
 */
export async function runSet(label: string, set: VectorSet, backend: Backend<any>, arithmetic: Float32Arithmetic = 'ieee'): Promise<ResultRow> {
  const plan = planFor(set, backend.dtypes);
  const base = {
    set: label,
    kind: set.kind,
    ...(set.kind === 'optimizer' ? { rule: set.rule } : { name: set.name }),
    dtype: set.dtype,
    backend: backend.id,
    arithmetic,
  };
  try {
    const w = set.kind === 'optimizer' ? await runOptimizerSet(set, backend, plan) : await runCasesSet(set, backend, plan);
    const flush = arithmetic === 'ftz' && plan.dtype === 'float32' && w.spec ? await flushAnalysis(w) : undefined;
    const passed = w.allowed <= 1;
    const notes = [
      plan.note,
      passed && w.plain > 1 ? 'within the float32 trajectory allowance t * 2^-24 * max|p| (the tolerance alone is exceeded)' : undefined,
      flush?.note,
      passed ? undefined : 'error above tolerance',
    ].filter(Boolean);
    return {
      ...base,
      status: passed ? 'passed' : 'failed',
      worst: w.plain,
      ...(flush ? { flushed: flush.flushed } : {}),
      ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
    };
  } catch (e) {
    return { ...base, status: 'failed', reason: `threw: ${(e as Error).message}` };
  }
}

/**
 * Running one vector set on one backend.
 *
 * @module
 */
import {
  FLOAT32_TOLERANCE,
  Optimizer,
  clipByGlobalNorm,
  projectSpectralNorm,
  trajectoryAllowance,
  widen,
  worstError,
  type Backend,
  type CasesSet,
  type DType,
  type HostTensor,
  type OptimizerSet,
  type Tolerance,
  type VectorSet,
} from '@stablegrad/core';
import type { ResultRow } from './result.js';

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
}

function runOptimizerSet(set: OptimizerSet, backend: Backend<any>, plan: Plan): Worst {
  const float32 = set.dtype === 'float32' || plan.dtype === 'float32';
  const scale = Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, Float64Array.from(p.init, Math.abs)]));
  const opt = new Optimizer(set.rule, set.hyper, { backend, dtype: plan.dtype });
  const shapes = Object.fromEntries(Object.entries(set.params).map(([k, p]) => [k, p.shape]));
  let params: Record<string, unknown> = Object.fromEntries(
    Object.entries(set.params).map(([k, p]) => [k, upload(backend, p.shape, p.init, plan.dtype)]),
  );
  let state = opt.init(params);
  let plain = 0;
  let allowed = 0;
  set.steps.forEach((step, i) => {
    const grads = Object.fromEntries(Object.entries(step.grads).map(([k, g]) => [k, upload(backend, shapes[k]!, g, plan.dtype)]));
    ({ params, state } = opt.step(grads, state, params));
    for (const [k, expect] of Object.entries(step.expect)) {
      const actual = backend.toHost(params[k]).data;
      const m = scale[k]!;
      expect.forEach((e, j) => (m[j] = Math.max(m[j]!, Math.abs(e))));
      plain = Math.max(plain, worstError(actual, expect, plan.tolerance));
      allowed = Math.max(allowed, float32 ? worstError(actual, expect, plan.tolerance, trajectoryAllowance(m, i + 1)) : plain);
    }
  });
  return { plain, allowed };
}

function runCasesSet(set: CasesSet, backend: Backend<any>, plan: Plan): Worst {
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
    for (const [k, expect] of Object.entries(c.expect)) {
      worst = Math.max(worst, worstError(backend.toHost(output[k]).data, expect, plan.tolerance));
    }
  }
  return { plain: worst, allowed: worst };
}

/**
 * Runs one set on one backend and reports it as passed or failed with its worst error. An
 * exception thrown by the backend is a failure whose reason is the exception's message.
 */
export function runSet(label: string, set: VectorSet, backend: Backend<any>): ResultRow {
  const plan = planFor(set, backend.dtypes);
  const base = {
    set: label,
    kind: set.kind,
    ...(set.kind === 'optimizer' ? { rule: set.rule } : { name: set.name }),
    dtype: set.dtype,
    backend: backend.id,
  };
  try {
    const w = set.kind === 'optimizer' ? runOptimizerSet(set, backend, plan) : runCasesSet(set, backend, plan);
    const passed = w.allowed <= 1;
    const notes = [
      plan.note,
      passed && w.plain > 1 ? 'within the float32 trajectory allowance t * 2^-24 * max|p| (the tolerance alone is exceeded)' : undefined,
      passed ? undefined : 'error above tolerance',
    ].filter(Boolean);
    return { ...base, status: passed ? 'passed' : 'failed', worst: w.plain, ...(notes.length > 0 ? { reason: notes.join('; ') } : {}) };
  } catch (e) {
    return { ...base, status: 'failed', reason: `threw: ${(e as Error).message}` };
  }
}

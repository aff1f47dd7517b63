/**
 * Running a rule for a few steps on a backend from given values: what vector sets and equivalence
 * checks compare.
 *
 * @module
 */
import { Optimizer, type Backend, type DType, type HostTensor, type Rule } from '@stablegrad/core';

/** A rule run from given parameters through given gradients. */
export interface TrajectorySpec {
  /** A built-in rule id or a rule. */
  readonly rule: string | Rule<any>;
  /** Its hyperparameters. */
  readonly hyper: Readonly<Record<string, unknown>>;
  /** The dtype to compute in. */
  readonly dtype: DType;
  /** Each parameter's shape, by name. */
  readonly shapes: Readonly<Record<string, readonly number[]>>;
  /** Each parameter's initial values, by name. */
  readonly init: Readonly<Record<string, ArrayLike<number>>>;
  /** Per step, each parameter's gradient, by name. */
  readonly grads: readonly Readonly<Record<string, ArrayLike<number>>>[];
  /** Also read the slots after every step (default: parameters only). */
  readonly slots?: boolean;
}

/** After each step, each parameter's values (and, when asked, each slot's, as `<param>/<slot>`). */
export type Trajectory = readonly Readonly<Record<string, HostTensor>>[];

function upload(backend: Backend<any>, shape: readonly number[], data: ArrayLike<number>, dtype: DType): unknown {
  return backend.fromHost({ shape, data: dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data) }, dtype);
}

/**
 * Runs `spec` on `backend` with core's optimizer (`stepAsync`, so that asynchronous backends such
 * as onnxruntime-web run too) and reads the results back after every step (with `toHostAsync`
 * where the backend has it).
 *
 * @throws whatever the backend throws
 */
export async function runTrajectory(backend: Backend<any>, spec: TrajectorySpec): Promise<Trajectory> {
  const opt = new Optimizer(spec.rule, spec.hyper, { backend, dtype: spec.dtype });
  const names = Object.keys(spec.shapes);
  let params: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, upload(backend, spec.shapes[n]!, spec.init[n]!, spec.dtype)]));
  let state = opt.init(params);
  const out: Record<string, HostTensor>[] = [];
  for (const step of spec.grads) {
    const grads = Object.fromEntries(names.map((n) => [n, upload(backend, spec.shapes[n]!, step[n]!, spec.dtype)]));
    ({ params, state } = await opt.stepAsync(grads, state, params));
    const read: Record<string, HostTensor> = {};
    const toHost = async (t: unknown): Promise<HostTensor> => (backend.toHostAsync ? backend.toHostAsync(t) : backend.toHost(t));
    for (const n of names) {
      read[n] = await toHost(params[n]);
      if (spec.slots) for (const s of opt.compiled.slots) read[`${n}/${s}`] = await toHost(state.slots[n]![s]);
    }
    out.push(read);
  }
  return out;
}

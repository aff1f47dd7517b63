/**
 * Fuzzed calls of the native spectral session (`nativeLinAlg.spectralSession` and the methods of
 * core's `SpectralSession`), judged against the model of each session's state: its block's
 * column count, whether Ritz data are current (a Rayleigh-Ritz step since the block last
 * changed), whether it is disposed. A call in the wrong state or with a bad argument must throw
 * the error the contract gives, in its order (disposed, then Ritz data, then the arguments in
 * turn) and change nothing; a valid one must return results of the right sizes, finite when the
 * matrix and the arguments were moderate. `project` returns tensors, which join the model (and
 * so the live count) and are disposed like any other.
 *
 * @module
 */
import type { DType, TypedArray } from '@stablegrad/core';
import { nativeLinAlg } from '../backend/native-linalg.js';
import { NativeTensor } from '../tensor/native-tensor.js';
import { firstFault, garbage, show, type Arg } from './arguments.js';
import { liveArg, newEntry, wrongTensor, type Call, type FuzzContext, type TensorArg } from './context.js';
import type { Entry, SessionEntry } from './model.js';
import { fails, OK, type ErrorClass } from './outcome.js';
import { blockArg, integerArg, maxNormArg, planArg, precisionArg, seedArg, vectorArg, type SessionArg } from './session-arguments.js';

/** Sessions a fuzz run keeps open before it disposes one. */
export const MAX_SESSIONS = 6;

/** Largest matrices the fuzzer opens sessions on (empty ones of any dimensions aside). */
const MOST_COLUMNS = 512;
const MOST_ELEMENTS = 65_536;

/** Relative rounding allowed on the bounds of Ritz values (float64 sums). */
const SLACK = 1e-9;
/** Relative rounding allowed on the bounds of Lanczos coefficients (the addon runs Lanczos in float32). */
const LANCZOS_SLACK = 1e-4;

/** Matrix shapes for new sessions: small, single rows and columns, empty (huge dimensions too), large enough to form `W^T W`. */
function sessionShape(ctx: FuzzContext): [number, number] {
  const { r } = ctx;
  const small = (): number => 1 + r.int(9);
  const kind = r.weighted([
    ['small', 60],
    ['row', 8],
    ['column', 8],
    ['empty', 10],
    ['gram', 6],
  ] as const);
  if (kind === 'small') return [small(), small()];
  if (kind === 'row') return [1, r.pick([1, 2, 5, 17, 64])];
  if (kind === 'column') return [r.pick([1, 2, 5, 17, 64]), 1];
  if (kind === 'empty') return r.pick<[number, number]>([[0, 0], [0, 3], [4, 0], [2 ** 40, 0], [0, 2 ** 31], [0, 1e13]]);
  return r.pick<[number, number]>([[48, 40], [40, 48], [64, 64]]);
}

/** A new live matrix: moderate values (zeros among them) four times in five, else core's special values. */
function newMatrix(ctx: FuzzContext, shape: [number, number], dtype: DType): Entry {
  const { r } = ctx;
  if (r.chance(0.2) || shape[0] * shape[1] === 0) return newEntry(ctx, shape, dtype);
  const data = Float64Array.from({ length: shape[0] * shape[1] }, () => (r.chance(0.15) ? 0 : (r.int(2001) - 1000) / 97));
  const t = NativeTensor.fromHost('cpu', { shape, data }, dtype);
  return ctx.model.add(t, dtype === 'float64' ? data : Float32Array.from(data));
}

/** `||W||_F^2` when the contents `mirror` are known, finite and at most 1e4 in magnitude; else undefined. */
function normSquared(mirror: TypedArray | undefined): number | undefined {
  if (mirror === undefined) return undefined;
  let sum = 0;
  for (const x of mirror) {
    if (!(Math.abs(x) <= 1e4)) return undefined;
    sum += x * x;
  }
  return sum;
}

/** The matrix of a new session: new, or a live matrix small enough; sometimes disposed, held, of another rank or not a tensor. */
function matrixArg(ctx: FuzzContext): TensorArg {
  const { r, model } = ctx;
  const kind = r.weighted([
    ['new', 65],
    ['live', 20],
    ['disposed', model.disposed.length > 0 ? 5 : 0],
    ['held', model.live.some((e) => e.held > 0) ? 2 : 0],
    ['rank', 4],
    ['garbage', 4],
  ] as const);
  if (kind === 'garbage') return garbage(r);
  if (kind === 'disposed') {
    const t = r.pick(model.disposed);
    return { value: t, text: `disposed [${t.shape.join(', ')}] ${t.dtype}`, fault: 'Error' };
  }
  if (kind === 'held') return liveArg(r.pick(model.live.filter((e) => e.held > 0)));
  if (kind === 'rank') {
    const entry = newEntry(ctx, r.pick([[3], [], [2, 2, 2]]), 'float32');
    return { ...liveArg(entry), fault: 'RangeError' };
  }
  const fits = (e: Entry) => e.held === 0 && e.tensor.shape.length === 2 && (e.tensor.size === 0 || (e.tensor.size <= MOST_ELEMENTS && e.tensor.shape[1]! <= MOST_COLUMNS));
  const live = model.live.filter(fits);
  if (kind === 'live' && live.length > 0) return liveArg(r.pick(live));
  return liveArg(newMatrix(ctx, sessionShape(ctx), r.pick(['float32', 'float64'] as const)));
}

/** `nativeLinAlg.spectralSession(W, seed)`. */
export function openSessionCall(ctx: FuzzContext): Call {
  const W = matrixArg(ctx);
  const seed = seedArg(ctx.r);
  const error = firstFault(W, seed);
  return {
    kind: 'spectralSession',
    text: `nativeLinAlg.spectralSession(${W.text}, ${seed.text})`,
    expect: error === undefined ? OK : fails(error),
    run: () => nativeLinAlg.spectralSession(W.value as NativeTensor, seed.value as number),
    onSuccess(value) {
      const tensor = W.value as NativeTensor;
      const [m, n] = tensor.shape as [number, number];
      const session = value as SessionEntry['session'];
      if (session.m !== m || session.n !== n || session.k !== 0) return `opened a session of m ${session.m}, n ${session.n}, k ${session.k}, expected ${m}, ${n}, 0`;
      ctx.model.addSession(session, [m, n], tensor.dtype, normSquared(W.entry!.mirror));
      return undefined;
    },
  };
}

/** The methods of a session, by weight (see {@link methodOf}); those that read Ritz data are marked. */
const METHODS = [
  ['setBlock', 14],
  ['appendColumns', 7],
  ['filter', 10],
  ['rayleighRitz', 18],
  ['ritzResiduals', 8],
  ['residualNormSquared', 6],
  ['complementLanczos', 6],
  ['basis', 6],
  ['project', 6],
  ['dispose', 4],
] as const;
type Method = (typeof METHODS)[number][0];
const READS_RITZ: ReadonlySet<Method> = new Set(['ritzResiduals', 'residualNormSquared', 'complementLanczos', 'basis', 'project']);

/** What a method call is: its arguments, their first fault in the contract's order, its result's judge and its effect on the model. */
interface MethodPlan {
  readonly args: readonly SessionArg[];
  /** The first fault among the arguments in the order they are checked (after the state). */
  readonly fault: ErrorClass | undefined;
  /** Checks a result (the model still as before the call); a problem or undefined. */
  readonly judge?: (value: unknown) => string | undefined;
  /** What success changes in the model. */
  readonly apply?: (value: unknown) => void;
}

/** A call of `method` on the session `s` (as the model knows it). */
function planMethod(ctx: FuzzContext, s: SessionEntry, method: Method): MethodPlan {
  const { r, model } = ctx;
  const n = s.shape[1];
  const k = s.k;
  const bound = s.normSquared;
  const moderate = bound !== undefined;
  switch (method) {
    case 'setBlock':
    case 'appendColumns': {
      const count = integerArg(r, 0, method === 'setBlock' ? n : n - k);
      const X = blockArg(r, n, count.fault === undefined ? (count.value as number) : 1);
      const c = count.value as number;
      return {
        args: [X, count],
        fault: firstFault(count, X),
        apply: () => {
          s.k = method === 'setBlock' ? c : k + c;
          s.theta = undefined;
        },
      };
    }
    case 'filter': {
      const plan = planArg(r, s.theta);
      const precision = precisionArg(r);
      return { args: [plan, precision], fault: firstFault(plan, precision), apply: () => (s.theta = undefined) };
    }
    case 'rayleighRitz':
      return {
        args: [],
        fault: undefined,
        judge: (theta) => {
          if (!(theta instanceof Float64Array) || theta.length !== k) return `returned ${show(theta)}, expected Float64Array(${k})`;
          if (!moderate) return undefined;
          for (let i = 0; i < k; i++) {
            const t = theta[i]!;
            if (!(t >= -SLACK * bound && t <= bound * (1 + SLACK))) return `Ritz value ${i} is ${t}, outside [0, ||W||_F^2 = ${bound}]`;
            if (i > 0 && !(t <= theta[i - 1]!)) return `Ritz values do not decrease at ${i}: ${theta[i - 1]}, ${t}`;
          }
          return undefined;
        },
        apply: (theta) => (s.theta = theta as Float64Array),
      };
    case 'ritzResiduals': {
      const count = integerArg(r, 0, k);
      return {
        args: [count],
        fault: count.fault,
        judge: (value) => {
          const { residual, rest } = (value ?? {}) as { residual?: unknown; rest?: unknown };
          if (!(residual instanceof Float64Array) || residual.length !== count.value || typeof rest !== 'number') return `returned ${show(value)}`;
          if (moderate && ![...residual, rest].every((x) => Number.isFinite(x) && x >= 0)) return `residuals ${show(Array.from(residual))}, rest ${rest}: not finite and >= 0`;
          return undefined;
        },
      };
    }
    case 'residualNormSquared': {
      const to = integerArg(r, 0, k);
      const from = integerArg(r, 0, to.fault === undefined ? (to.value as number) : 0);
      const weights = vectorArg(r, to.fault === undefined && from.fault === undefined ? (to.value as number) - (from.value as number) : 1);
      return {
        args: [from, to, weights],
        fault: firstFault(to, from, weights),
        judge: (value) => {
          if (typeof value !== 'number') return `returned ${show(value)}`;
          if (from.value === to.value && value !== 0) return `returned ${value} for no columns`;
          if (moderate && !(Number.isFinite(value) && value >= 0)) return `returned ${value}, expected a finite number >= 0`;
          return undefined;
        },
      };
    }
    case 'complementLanczos': {
      const start = vectorArg(r, n);
      const steps = integerArg(r, 0, Number.MAX_SAFE_INTEGER);
      return { args: [start, steps], fault: firstFault(start, steps), judge: (value) => judgeLanczos(value, steps.value as number, n - k, bound) };
    }
    case 'basis': {
      const count = integerArg(r, 0, k);
      return {
        args: [count],
        fault: count.fault,
        judge: (V) => {
          const c = count.value as number;
          if (!(V instanceof Float64Array) || V.length !== n * c) return `returned ${show(V)}, expected Float64Array(${n * c})`;
          return moderate ? orthonormalityProblem(V, n, c) : undefined;
        },
      };
    }
    case 'project': {
      const count = integerArg(r, 0, k);
      const maxNorm = maxNormArg(r);
      const c = count.value as number;
      const theta = s.theta ?? new Float64Array(0);
      let positive = 0;
      while (positive < theta.length && theta[positive]! > 0) positive++;
      // The projection divides by the square roots of the Ritz values: those it clips must be > 0.
      const unclippable: Arg | undefined = count.fault === undefined && c > positive ? { value: c, text: 'count', fault: 'RangeError' } : undefined;
      // A Ritz value at the rounding level of the largest makes W v_i / sigma_i rounding noise,
      // which the projection multiplies by s: the result need not be finite then.
      const resolved = count.fault === undefined && Array.from(theta.subarray(0, c)).every((t) => t >= 1e-6 * theta[0]!);
      return {
        args: [count, maxNorm],
        fault: firstFault(count, unclippable, maxNorm),
        judge: (out) => {
          const problem = wrongTensor(out, s.shape, s.dtype);
          if (problem !== undefined) return problem;
          const at = (out as NativeTensor).findNonFinite();
          if (moderate && maxNorm.moderate === true && resolved && at >= 0) return `element ${at} of the projection is not finite`;
          return undefined;
        },
        // The result is a live tensor like any other: counted, and disposed by a later call.
        apply: (out) => {
          if (out instanceof NativeTensor) model.add(out, undefined);
        },
      };
    }
    case 'dispose':
      return { args: [], fault: undefined, apply: () => model.disposeSession(s) };
  }
}

/** A problem with a Lanczos run's result, or undefined: sizes, and finite coefficients within `[0, bound]` when `bound` is known. */
function judgeLanczos(value: unknown, steps: number, dimension: number, bound: number | undefined): string | undefined {
  const { alpha, beta, invariant } = (value ?? {}) as { alpha?: unknown; beta?: unknown; invariant?: unknown };
  if (!(alpha instanceof Float64Array) || !(beta instanceof Float64Array) || typeof invariant !== 'boolean') return `returned ${show(value)}`;
  if (alpha.length > Math.min(steps, dimension) || beta.length !== Math.max(alpha.length - 1, 0)) return `${alpha.length} alphas and ${beta.length} betas for ${steps} steps in a complement of ${dimension}`;
  if ((steps === 0 || dimension === 0) && (alpha.length !== 0 || !invariant)) return `${alpha.length} alphas, invariant ${invariant}, for ${steps} steps in a complement of ${dimension}`;
  if (bound === undefined) return undefined;
  if (!alpha.every((a) => a >= -LANCZOS_SLACK * bound && a <= bound * (1 + LANCZOS_SLACK))) return `alpha ${show(Array.from(alpha))} outside [0, ||W||_F^2 = ${bound}]`;
  if (!beta.every((b) => Number.isFinite(b) && b >= 0)) return `beta ${show(Array.from(beta))} not finite and >= 0`;
  return undefined;
}

/** A problem when the `n x c` block `V` does not have orthonormal columns to `1e-6`, or undefined. */
function orthonormalityProblem(V: Float64Array, n: number, c: number): string | undefined {
  for (let a = 0; a < c; a++) {
    for (let b = 0; b <= a; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += V[a * n + i]! * V[b * n + i]!;
      if (!(Math.abs(dot - (a === b ? 1 : 0)) <= 1e-6)) return `columns ${a} and ${b} of the basis have the product ${dot}`;
    }
  }
  return undefined;
}

/**
 * A method for a call on `s`: by the weights of {@link METHODS}, with those that read Ritz data
 * drawn more often while they are current and the Rayleigh-Ritz step while they are not (so that
 * both valid reads and reads in the wrong state are frequent).
 */
function methodOf(ctx: FuzzContext, s: SessionEntry): Method {
  const current = s.theta !== undefined;
  return ctx.r.weighted(METHODS.map(([method, weight]) => [method, weight * (READS_RITZ.has(method) ? (current ? 2 : 0.3) : method === 'rayleighRitz' && !current ? 2 : 1)] as const));
}

/**
 * A method call on a session: a live one nine times in ten (one is opened when there is none),
 * else a disposed one; with `forcedDispose`, the dispose of the oldest live session.
 */
export function sessionCall(ctx: FuzzContext, forcedDispose = false): Call {
  const { r, model } = ctx;
  const live = model.liveSessions();
  const gone = model.sessions.filter((e) => e.disposed);
  if (live.length === 0 && (gone.length === 0 || r.chance(0.7))) return openSessionCall(ctx);
  const s = forcedDispose ? live[0]! : live.length > 0 && (gone.length === 0 || r.chance(0.9)) ? r.pick(live) : r.pick(gone);
  const method: Method = forcedDispose ? 'dispose' : methodOf(ctx, s);
  const plan = planMethod(ctx, s, method);
  // The contract's order: a disposed session, then Ritz data that are not current, then the arguments.
  const state: ErrorClass | undefined = s.disposed && method !== 'dispose' ? 'Error' : READS_RITZ.has(method) && s.theta === undefined ? 'Error' : undefined;
  const error = state ?? plan.fault;
  const k = s.k;
  return {
    kind: `session.${method}`,
    text: `(${s.label}${s.disposed ? ', disposed' : `, k ${k}${s.theta === undefined ? '' : ', Ritz data current'}`}).${method}(${plan.args.map((a) => a.text).join(', ')})`,
    expect: error === undefined ? OK : fails(error),
    run: () => (s.session[method] as (...args: unknown[]) => unknown)(...plan.args.map((a) => a.value)),
    onSuccess(value) {
      const problem = plan.judge?.(value);
      plan.apply?.(value);
      return problem;
    },
    check: () => (s.session.k === s.k ? undefined : `the session has ${s.session.k} columns, ${s.k} expected`),
  };
}

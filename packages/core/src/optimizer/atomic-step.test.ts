import { describe, expect, it } from 'vitest';
import type { Backend, CompiledRule } from '../backends/backend.js';
import { jsBackend } from '../backends/js.js';
import { SpectralNormConstraint } from '../constraints/spectral-norm-constraint.js';
import { referenceLinAlg } from '../linalg/reference-linalg.js';
import type { LinAlg } from '../linalg/linalg.js';
import { hostTensor, type HostTensor } from '../tensor.js';
import { clipByGlobalNorm } from '../transforms/clip-by-global-norm.js';
import { hostTransformKernel } from '../transforms/transform-pipeline.js';
import { NonFiniteGradientError } from './errors.js';
import { Optimizer } from './optimizer.js';
import type { OptimizerState } from './state.js';

/**
 * A `js` backend that records which tensors it created and which it was asked to free; with
 * `immutable`, its kernel ignores `inPlace` and always returns new tensors, as tfjs's does.
 */
function trackedBackend(immutable = false) {
  const created = new Set<HostTensor>();
  const freed = new Set<HostTensor>();
  const track = (t: HostTensor): HostTensor => (created.add(t), t);
  const la: LinAlg<HostTensor> = {
    ...referenceLinAlg,
    scale: (t, f) => track(referenceLinAlg.scale(t, f)),
    lowRankUpdate: (W, U, d, V) => track(referenceLinAlg.lowRankUpdate(W, U, d, V)),
    dispose: (t) => void freed.add(t),
  };
  const backend: Backend<HostTensor> = {
    ...jsBackend,
    id: 'tracked',
    linalg: la,
    compile(rule: CompiledRule, dtype) {
      const update = jsBackend.compile({ ...rule, transforms: [], reportGradNorm: false }, dtype);
      return hostTransformKernel(rule, la, (groups, scalars, inPlace) => update.run(groups, scalars, inPlace && !immutable).outputs.map((o) => {
        for (const t of Object.values(o)) if (!groups.some((g) => Object.values(g).includes(t))) created.add(t);
        return o;
      }));
    },
    disposeTensor: (t) => void freed.add(t),
  };
  /** Tensors created by the backend and not freed. */
  const live = () => [...created].filter((t) => !freed.has(t));
  return { backend, created, freed, live };
}

const copy = (t: HostTensor) => Array.from(t.data);
const setup = (w: number[][], b: number[]) => ({
  params: { w: hostTensor([w.length, w[0]!.length], w.flat()), b: hostTensor([b.length], b) },
  grads: { w: hostTensor([w.length, w[0]!.length], w.flat().map((x) => 0.1 * x + 0.05)), b: hostTensor([b.length], b.map((x) => -x)) },
});

function snapshot(params: Readonly<Record<string, HostTensor>>, state: OptimizerState<HostTensor>) {
  return { params: Object.fromEntries(Object.entries(params).map(([k, t]) => [k, copy(t)])), slots: JSON.stringify(Object.entries(state.slots).map(([k, s]) => [k, Object.entries(s).map(([n, t]) => [n, copy(t)])])), step: state.step };
}

describe('an atomic step', () => {
  it.each([
    ['a constraint on a 1-D parameter', { b: new SpectralNormConstraint() }, [[3, 0], [0, 1]], [1, 2], /W: expected a matrix/],
    ['a constraint on a weight that is not finite', { w: new SpectralNormConstraint() }, [[3, NaN], [0, 1]], [1, 2], /not finite/],
  ] as const)('in place, %s fails and changes nothing: parameters, slots and step as they were', (_, constraints, w, b, message) => {
    const opt = new Optimizer('sdprop', { lr: 0.1 }, { backend: jsBackend, constraints });
    const { params, grads } = setup(w.map((r) => [...r]), [...b]);
    const state = { ...opt.init(params), step: 3 };
    const before = snapshot(params, state);
    expect(() => opt.step(grads, state, params, true)).toThrow(message);
    expect(snapshot(params, state)).toEqual(before);
  });

  it('refuses a non-finite gradient found by clipping before anything is written, in place', () => {
    const opt = new Optimizer('adam', {}, { backend: jsBackend, gradientTransforms: [clipByGlobalNorm(1)] });
    const { params, grads } = setup([[1, 2], [3, 4]], [5, 6]);
    const state = opt.init(params);
    const before = snapshot(params, state);
    grads.b.data[1] = Infinity;
    expect(() => opt.step(grads, state, params, true)).toThrow(NonFiniteGradientError);
    expect(() => opt.step(grads, state, params, true)).toThrow("clipByGlobalNorm: non-finite gradient: 'b' holds Infinity");
    expect(snapshot(params, state)).toEqual(before);
  });

  it('refuses hyperparameters whose per-step scalars are not finite in the dtype, naming the scalar', () => {
    expect(() => new Optimizer('adastand', { lr: 1e300 }, { backend: jsBackend })).toThrow(
      /adastand: per-step scalar 'stepSize' is 3\.16\d*e\+299 at step 1, which is not finite in float32/,
    );
    expect(() => new Optimizer('sgd', { lr: 1e39 }, { backend: jsBackend })).toThrow(/per-step scalar 'lr' is 1e\+39 at step 1/);
    expect(() => new Optimizer('adastand', { lr: 1e300 }, { backend: jsBackend, dtype: 'float64' })).not.toThrow();
  });

  it('refuses plain tensors whose data does not match their shape or is not float32 or float64', () => {
    const opt = new Optimizer('sgd', { lr: 0.1 }, { backend: jsBackend });
    const w = hostTensor([3], [1, 2, 3]);
    const state = opt.init({ w });
    expect(() => opt.step({ w: { shape: [3], data: new Float32Array(2) } }, state, { w })).toThrow('t.data: shape [3] needs 3 elements, got 2');
    expect(() => opt.step({ w: { shape: [3], data: new Int32Array(3) as never } }, state, { w })).toThrow(
      't.data: expected a Float32Array or Float64Array, got Int32Array',
    );
    expect(() => opt.init({ w: { shape: [-1], data: new Float32Array(0) } })).toThrow('t.shape: expected non-negative integer dimensions, got [-1]');
    expect(Array.from(w.data)).toEqual([1, 2, 3]);
  });
});

describe('ownership', () => {
  it('frees the clipped gradients, the parameters a constraint replaced, and, in place, the inputs it was handed', () => {
    const { backend, created, freed, live } = trackedBackend();
    const opt = new Optimizer('sdprop', { lr: 0.5 }, { backend, gradientTransforms: [clipByGlobalNorm(0.01)], constraints: { w: new SpectralNormConstraint({ maxNorm: 0.5 }) } });
    const { grads, ...start } = setup([[3, 1], [0, 2]], [1, 2]);
    let params: Record<string, HostTensor> = start.params;
    let state = opt.init(params);
    for (const inPlace of [false, true, true, false, true]) {
      const before = new Set([...Object.values(params), ...Object.values(state.slots).flatMap((s) => Object.values(s))]);
      const r = opt.step(grads, state, params, inPlace);
      const results = new Set([...Object.values(r.params), ...Object.values(r.state.slots).flatMap((s) => Object.values(s))]);
      for (const t of results) expect(freed.has(t)).toBe(false);
      for (const t of before) if (inPlace && !results.has(t)) expect(freed.has(t)).toBe(true);
      ({ params, state } = r);
    }
    // What is alive: the results, and the inputs of not-in-place steps (the caller's to free).
    expect(created.size).toBeGreaterThan(10);
    expect(live().filter((t) => !Object.values(params).includes(t) && !Object.values(state.slots).flatMap((s) => Object.values(s)).includes(t)).length).toBeLessThanOrEqual(2 * 3);
    expect(Object.values(grads).every((g) => !freed.has(g))).toBe(true);
  });

  it.each([
    ['that writes in place', false],
    ['whose tensors cannot be written', true],
  ])('in place with clipping and a constraint, live tensors stay flat over many steps on a backend %s', (_, immutable) => {
    const { backend, live } = trackedBackend(immutable);
    const opt = new Optimizer('adam', { lr: 0.05 }, { backend, gradientTransforms: [clipByGlobalNorm(0.1)], constraints: { w: new SpectralNormConstraint({ maxNorm: 1 }) } });
    const { grads, ...start } = setup([[3, 1], [0, 2]], [1, 2]);
    let params: Record<string, HostTensor> = start.params;
    let state = opt.init(params);
    const counts: number[] = [];
    for (let t = 0; t < 60; t++) {
      ({ params, state } = opt.step(grads, state, params, true));
      counts.push(live().length);
    }
    expect(new Set(counts.slice(2)).size).toBe(1);
  });

  it('in place on a backend whose tensors cannot be written, frees the inputs it replaced and keeps the gradients', () => {
    const { backend, freed, live } = trackedBackend(true);
    const opt = new Optimizer('sdprop', { lr: 0.05 }, { backend });
    const { grads, ...start } = setup([[3, 1], [0, 2]], [1, 2]);
    let params: Record<string, HostTensor> = start.params;
    let state = opt.init(params);
    const counts: number[] = [];
    for (let t = 0; t < 20; t++) {
      const before = [...Object.values(params), ...Object.values(state.slots).flatMap((s) => Object.values(s))];
      ({ params, state } = opt.step(grads, state, params, true));
      for (const x of before) expect(freed.has(x)).toBe(true);
      counts.push(live().length);
    }
    expect(new Set(counts).size).toBe(1);
    expect(Object.values(grads).every((g) => !freed.has(g))).toBe(true);
  });
});

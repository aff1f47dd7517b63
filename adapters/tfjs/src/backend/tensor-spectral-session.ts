/**
 * Core's `SpectralSession` for `tf.Tensor`s: the filters and the Lanczos runs as tensor
 * operations on the tensor's backend, the certifying Rayleigh-Ritz steps in float64 on the host.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  hostSpectralSession,
  referenceLinAlg,
  type FilterPlan,
  type LanczosTridiagonal,
  type MatrixProducts,
  type SessionAccelerator,
  type SpectralSession,
} from '@stablegrad/core';
import { hostView } from './host-view.js';
import type { Within } from './tensor-linalg.js';

/** Scales every row of `B` to unit norm (zero rows stay zero). */
function normalizeRows(B: tf.Tensor2D): tf.Tensor2D {
  const norms = tf.norm(B, 'euclidean', 1, true);
  return tf.div(B, tf.where(tf.greater(norms, 0), norms, tf.onesLike(norms))) as tf.Tensor2D;
}

/** `B - (B V^T) V` for rows `B` and the orthonormal rows `V`. */
function projectOut(B: tf.Tensor2D, V: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(B, tf.matMul(tf.matMul(B, V, false, true), V));
}

/**
 * The float32 work of a spectral session on `W`'s backend: `A = W^T W` formed once, on first use,
 * with `tf.matMul`; a filter uploads the block (rows are its vectors), runs the Chebyshev
 * recurrence as tensor operations and reads the result back (one round trip); a Lanczos run
 * uploads the block and the start, keeps every coefficient on the backend and reads them all at
 * the end (one round trip).
 */
function tensorAccelerator(W: tf.Tensor, within: Within): SessionAccelerator {
  const n = W.shape[1]!;
  let A: tf.Tensor2D | undefined;
  const gram = (): tf.Tensor2D => {
    const formed = A ?? within(() => tf.keep(tf.matMul(W as tf.Tensor2D, W as tf.Tensor2D, true, false)) as tf.Tensor2D);
    A = formed;
    return formed;
  };
  const product = (B: tf.Tensor2D, M: tf.Tensor2D): tf.Tensor2D => tf.matMul(B, M);
  return {
    roundoff: 2 ** -24,

    filter(X: Float64Array, k: number, { degree, edge, top }: FilterPlan): Float64Array {
      const M = gram();
      const out = within(() =>
        tf.tidy(() => {
          const X0 = tf.tensor2d(Float32Array.from(X), [k, n]);
          let current = product(X0, M);
          if (!(edge > 0)) {
            for (let j = 1; j < degree; j++) current = product(normalizeRows(current), M);
            return normalizeRows(current).dataSync();
          }
          // Zhou and Saad's scaled three-term recurrence (as core's chebyshevRecurrence).
          const t = (2 * top) / edge - 1;
          const scaleA = 2 / edge;
          let rho = 1 / t;
          let previous = X0;
          current = tf.mul(tf.sub(tf.mul(current, scaleA), X0), rho) as tf.Tensor2D;
          for (let j = 1; j < degree; j++) {
            const next = 1 / (2 * t - rho);
            const AY = product(current, M);
            const out2 = tf.sub(tf.mul(tf.sub(tf.mul(AY, scaleA), current), 2 * next), tf.mul(previous, rho * next)) as tf.Tensor2D;
            previous = current;
            current = out2;
            rho = next;
          }
          return normalizeRows(current).dataSync();
        }),
      );
      return Float64Array.from(out);
    },

    complementLanczos(V: Float64Array, k: number, start: Float64Array, steps: number): LanczosTridiagonal {
      const M = gram();
      const taken = Math.min(steps, n - k);
      if (taken <= 0) return { alpha: new Float64Array(0), beta: new Float64Array(0), invariant: true };
      const coefficients = within(() =>
        tf.tidy(() => {
          const Vt = tf.tensor2d(Float32Array.from(V), [k, n]);
          let q = projectOut(projectOut(tf.tensor2d(Float32Array.from(start), [1, n]), Vt), Vt);
          const size = tf.norm(q);
          q = tf.div(q, tf.maximum(size, 1e-30)) as tf.Tensor2D;
          const basis: tf.Tensor2D[] = [q];
          const values: tf.Tensor[] = [size];
          for (let j = 0; j < taken; j++) {
            let w = projectOut(product(q, M), Vt);
            const alpha = tf.sum(tf.mul(q, w));
            const Q = tf.concat(basis, 0) as tf.Tensor2D;
            w = projectOut(projectOut(projectOut(w, Q), Q), Vt);
            const beta = tf.norm(w);
            values.push(alpha, beta);
            q = tf.div(w, tf.maximum(beta, 1e-30)) as tf.Tensor2D;
            basis.push(q);
          }
          return tf.stack(values).dataSync();
        }),
      );
      // coefficients: |P start|, then (alpha_j, beta_j) per step; cut where the Krylov space became invariant.
      if (!(coefficients[0]! > 0)) return { alpha: new Float64Array(0), beta: new Float64Array(0), invariant: true };
      const alpha: number[] = [];
      const beta: number[] = [];
      let scale = 0;
      for (let j = 0; j < taken; j++) {
        const a = coefficients[1 + 2 * j]!;
        const b = coefficients[2 + 2 * j]!;
        alpha.push(a);
        scale = Math.max(scale, Math.abs(a), b);
        if (j === taken - 1) break;
        if (!(b > 2 ** -20 * scale)) return { alpha: Float64Array.from(alpha), beta: Float64Array.from(beta), invariant: true };
        beta.push(b);
      }
      return { alpha: Float64Array.from(alpha), beta: Float64Array.from(beta), invariant: taken === n - k };
    },

    dispose() {
      A?.dispose();
      A = undefined;
    },
  };
}

/**
 * tfjs backends whose synchronous read (`dataSync`) copies through a canvas: slow, and in headless
 * Chromium on SwiftShader it lost the WebGPU device, after which even `data()` failed. The
 * accelerator reads every filtered block back synchronously, so on these backends the session
 * does all its work on the host.
 */
const SYNC_READ_THROUGH_CANVAS: ReadonlySet<string> = new Set(['webgpu']);

/**
 * The backends whose float32 products can pay for the accelerator's round trips: `tensorflow`
 * (tfjs-node, a compiled matrix product) and `webgl` (a GPU). On `cpu` and `wasm` the host session
 * was as fast or faster at every size measured.
 */
const ACCELERATING_BACKENDS: ReadonlySet<string> = new Set(['tensorflow', 'webgl']);

/**
 * The smallest `min(m, n)` from which `auto` lends the session the accelerator. Warm constraint
 * steps (median of 12, a square `W` drifting across `s = 1.8`) on a 2-core x86-64 machine: on
 * `tensorflow` 36 ms accelerated against 15 ms on the host at 128, 70 against 48 at 192, 87
 * against 115 at 256 and 527 against 767 at 512; on `cpu` 18 against 3.4 ms at 32 and 1,821
 * against 766 at 512; on `wasm` 945 against 748 at 512. The crossover on `webgl` has not been
 * measured on a GPU: it takes the one of `tensorflow`.
 */
export const ACCELERATE_FROM = 256;

/**
 * Where a {@link tensorSpectralSession} runs its `fast` filters and Lanczos runs: `auto` (the
 * default) as tensor operations on `tensorflow` and `webgl` for matrices with `min(m, n) >=`
 * {@link ACCELERATE_FROM} and on the host otherwise; `always` as tensor operations (except on
 * `webgpu`); `never` on the host.
 */
export type SessionAcceleration = 'auto' | 'always' | 'never';

/**
 * Checks a {@link SessionAcceleration} given at run time.
 *
 * @throws RangeError naming `acceleration` when it is not `auto`, `always` or `never`
 */
export function checkAcceleration(acceleration: unknown): SessionAcceleration {
  if (acceleration === 'auto' || acceleration === 'always' || acceleration === 'never') return acceleration;
  throw new RangeError(`acceleration: expected 'auto', 'always' or 'never', got ${String(acceleration)}`);
}

/**
 * A `SpectralSession` for the float32 `tf.Tensor` `W`. tfjs has no float64, so the exact part of
 * the iteration, the Rayleigh-Ritz steps that the certificate reads, runs on the host in float64
 * (core's `hostSpectralSession` on one download of `W`), and the projection is computed there and
 * uploaded once (exactly as the reference computes it). Where `acceleration` lends it the
 * accelerator, the bulk of the products, the `fast` Chebyshev filters and the Lanczos runs on
 * the complement, are tensor operations on the backend (`tf.matMul` with `A = W^T W` formed there
 * once per session), in float32; otherwise they run on the host in float64.
 *
 * Round trips per projection: one download of `W` and one upload of the result; accelerated, one
 * more upload and download of the block per filter and per Lanczos run. On `webgpu` the session
 * is never accelerated.
 *
 * @param W - the `m x n` float32 matrix (read, never written)
 * @param seed - seed of the random columns that replace numerically dependent ones
 * @param within - where new tensors are created
 * @param acceleration - where the filters and Lanczos runs go (default `auto`)
 * @throws RangeError naming `acceleration` when it is not one of the three
 */
export function tensorSpectralSession(W: tf.Tensor, seed: number, within: Within, acceleration: SessionAcceleration = 'auto'): SpectralSession<tf.Tensor> {
  checkAcceleration(acceleration);
  const host = hostView(W, 'W');
  if (host.shape.length !== 2) throw new RangeError(`W: expected a matrix (2-D tensor), got shape [${host.shape.join(', ')}]`);
  const products: MatrixProducts<tf.Tensor> = {
    shape: () => host.shape,
    multiply: (_, X, k) => referenceLinAlg.multiply(host, X, k),
    multiplyTransposed: (_, Y, k) => referenceLinAlg.multiplyTransposed(host, Y, k),
    lowRankUpdate: (_, U, d, V) => {
      const updated = referenceLinAlg.lowRankUpdate(host, U, d, V);
      return within(() => tf.tensor(updated.data, [...updated.shape], 'float32'));
    },
  };
  const backend = within(() => tf.getBackend());
  const accelerate =
    !SYNC_READ_THROUGH_CANVAS.has(backend) &&
    (acceleration === 'always' ||
      (acceleration === 'auto' && ACCELERATING_BACKENDS.has(backend) && Math.min(host.shape[0]!, host.shape[1]!) >= ACCELERATE_FROM));
  return hostSpectralSession(products, W, seed, accelerate ? tensorAccelerator(W, within) : undefined);
}

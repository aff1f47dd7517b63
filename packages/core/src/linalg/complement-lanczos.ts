/**
 * The Lanczos process on the orthogonal complement of a block, on the host.
 *
 * @module
 */
import type { LanczosTridiagonal } from './spectral-session.js';

/** `x <- x - V (V^T x)` for the `n x k` block `V` (orthonormal columns), twice ("twice is enough"). */
export function projectOutBlock(x: Float64Array, V: Float64Array, n: number, k: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += V[j * n + i]! * x[i]!;
      for (let i = 0; i < n; i++) x[i] = x[i]! - dot * V[j * n + i]!;
    }
  }
}

function norm(x: Float64Array): number {
  let sum = 0;
  for (const v of x) sum += v * v;
  return Math.sqrt(sum);
}

/**
 * `steps` steps of the Lanczos process (Golub and Van Loan, "Matrix Computations", 4th ed.,
 * section 10.1) for `P A P`, `P = I - V V^T`, from `P start`, with full reorthogonalisation of
 * every new vector against the block and the earlier Lanczos vectors (twice). The run stops
 * early when the new vector's norm falls to `2^-40` of the largest coefficient seen (the Krylov
 * space is then invariant to working precision), or at once when `P start` vanishes; it takes at
 * most `n - k` steps, which span the whole complement.
 *
 * @param apply - `x -> A x` for a single vector
 * @param V - the block, `n x k`, orthonormal
 */
export function complementLanczos(
  apply: (x: Float64Array) => Float64Array,
  V: Float64Array,
  n: number,
  k: number,
  start: Float64Array,
  stepsAsked: number,
): LanczosTridiagonal {
  const q = Float64Array.from(start);
  projectOutBlock(q, V, n, k);
  const alpha: number[] = [];
  const beta: number[] = [];
  let size = norm(q);
  if (!(size > 0) || stepsAsked < 1 || k >= n) return { alpha: new Float64Array(0), beta: new Float64Array(0), invariant: true };
  for (let i = 0; i < n; i++) q[i] = q[i]! / size;
  const whole = stepsAsked >= n - k;
  const steps = Math.min(stepsAsked, n - k);
  const basis: Float64Array[] = [q];
  let scale = 0;
  for (let j = 0; j < steps; j++) {
    const current = basis[j]!;
    const w = apply(current);
    projectOutBlock(w, V, n, k);
    let a = 0;
    for (let i = 0; i < n; i++) a += current[i]! * w[i]!;
    alpha.push(a);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of basis) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += b[i]! * w[i]!;
        for (let i = 0; i < n; i++) w[i] = w[i]! - dot * b[i]!;
      }
    }
    projectOutBlock(w, V, n, k);
    size = norm(w);
    scale = Math.max(scale, Math.abs(a), size);
    if (j === steps - 1) break;
    if (!(size > 2 ** -40 * scale)) return { alpha: Float64Array.from(alpha), beta: Float64Array.from(beta), invariant: true };
    beta.push(size);
    for (let i = 0; i < n; i++) w[i] = w[i]! / size;
    basis.push(w);
  }
  return { alpha: Float64Array.from(alpha), beta: Float64Array.from(beta), invariant: whole };
}

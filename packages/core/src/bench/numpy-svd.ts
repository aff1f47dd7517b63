/**
 * The yardstick of the spectral-norm benchmarks: the spectral projection done with a full SVD by
 * numpy (LAPACK `gesdd`, float64, one thread), `U min(S, s) V^T`, timed in a Python process that
 * stays open for the whole benchmark so that its timings interleave with the projection's.
 *
 * @module
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { WorkEntry } from './session-work.js';

/** A running numpy process that times the SVD projection of matrices it is given. */
export interface NumpySvd {
  /** numpy's version and the BLAS it reports. */
  readonly version: string;
  /**
   * Milliseconds of `U, S, Vt = numpy.linalg.svd(W)` followed by `(U * minimum(S, s)) @ Vt`, for the
   * row-major `n x n` matrix `W` (converted to float64), once per run.
   */
  time(W: ArrayLike<number>, n: number, maxNorm: number, runs: number): Promise<number[]>;
  /**
   * Checks the projection `P` of the row-major `n x n` matrix `W` against numpy's, in float64
   * (not timed): `||P||_2` and `||P - U min(S, s) V^T||_2`.
   */
  compare(W: ArrayLike<number>, P: ArrayLike<number>, n: number, maxNorm: number): Promise<{ norm: number; distance: number }>;
  /**
   * Milliseconds (the median of `runs`) that numpy's BLAS and LAPACK kernels, called from Python,
   * take for one piece of each kind and shape of work (see {@link WorkEntry}; the counts are not
   * used), on random matrices of the same shapes, in the entries' order. Only the dense kernels
   * are priced (products, Cholesky, `eigh`) and the passes numpy needs between them, not the host
   * work that drives them; the triangular solve of Cholesky QR is priced as a product with the
   * inverse factor, formed outside the timing.
   */
  replay(entries: readonly WorkEntry[], runs: number): Promise<number[]>;
  /** Ends the process and removes its temporary files. */
  close(): void;
}

/** Why the yardstick is missing, when it is. */
export interface NumpyMissing {
  readonly skipped: string;
}

// Threads are fixed to one before numpy is imported; the protocol is one JSON line each way.
const SCRIPT = `
import json, os, sys, time
import numpy as np
info = np.__version__
try:
    cfg = np.show_config(mode="dicts")
    info += " (" + cfg["Build Dependencies"]["blas"]["name"] + ")"
except Exception:
    pass
print(json.dumps({"version": info}), flush=True)
rng = np.random.default_rng(0)

def median_ms(fn, runs):
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return sorted(ts)[len(ts) // 2]

def orthonormal(n, k):
    return np.asfortranarray(np.linalg.qr(rng.standard_normal((n, k)))[0])

def replay(e, runs):
    m, n, k, kind = e["m"], e["n"], e["k"], e["kind"]
    W = rng.standard_normal((m, n)) / np.sqrt(m)
    A = W.T @ W
    A32 = A.astype(np.float32)
    if kind == "gram":
        fn = lambda: (W.T @ W).astype(np.float32)
    elif kind == "filterProduct":
        X = np.asfortranarray(rng.standard_normal((n, k)))
        X32 = X.astype(np.float32)
        fn = (lambda: A32 @ X32) if e["fast"] else (lambda: A @ X)
    elif kind == "rayleighRitz":
        X = np.asfortranarray(rng.standard_normal((n, k)))
        solve = np.linalg.inv(np.linalg.cholesky(X.T @ X)).T
        def fn():
            np.linalg.cholesky(X.T @ X)
            Q = X @ solve
            AQ = A @ Q
            theta, Y = np.linalg.eigh(Q.T @ AQ)
            V = Q @ Y
            AV = AQ @ Y
            np.linalg.norm(AV - V * theta, axis=0)
    elif kind == "lanczos":
        X = orthonormal(n, k)
        steps = e["steps"]
        start = rng.standard_normal(n)
        def fn():
            Q = np.empty((n, steps + 1), order="F")
            q = start - X @ (X.T @ start)
            Q[:, 0] = q / np.sqrt(q @ q)
            for j in range(steps):
                w = (A32 @ Q[:, j].astype(np.float32)).astype(np.float64) if e["fast"] else A @ Q[:, j]
                w -= X @ (X.T @ w)
                Q[:, j] @ w
                for _ in range(2):
                    w -= Q[:, : j + 1] @ (Q[:, : j + 1].T @ w)
                w -= X @ (X.T @ w)
                Q[:, j + 1] = w / np.sqrt(w @ w)
    elif kind == "project":
        V = orthonormal(n, k)
        f = rng.random(k)
        fn = lambda: (W - ((W @ V) * f) @ V.T).astype(np.float32)
    elif kind == "residualNorm":
        V = orthonormal(n, k)
        AV = A @ V
        theta = rng.random(k)
        w = rng.random(k)
        def fn():
            R = (AV - V * theta) * w
            np.linalg.eigvalsh(R.T @ R)[-1]
    else:
        raise ValueError("unknown work: " + kind)
    return median_ms(fn, runs)

for line in sys.stdin:
    req = json.loads(line)
    if "replay" in req:
        print(json.dumps({"ms": [replay(e, req["runs"]) for e in req["replay"]]}), flush=True)
        continue
    n = req["n"]
    W = np.fromfile(req["file"], dtype=np.float64).reshape(n, n)
    if "result" in req:
        U, S, Vt = np.linalg.svd(W)
        P = np.fromfile(req["result"], dtype=np.float64).reshape(n, n)
        D = P - (U * np.minimum(S, req["maxNorm"])) @ Vt
        print(json.dumps({"norm": float(np.linalg.norm(P, 2)), "distance": float(np.linalg.norm(D, 2))}), flush=True)
        continue
    out = []
    for _ in range(req["runs"]):
        t0 = time.perf_counter()
        U, S, Vt = np.linalg.svd(W)
        P = (U * np.minimum(S, req["maxNorm"])) @ Vt
        out.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"ms": out}), flush=True)
`;

/**
 * Starts `python3` with numpy limited to one thread (`OPENBLAS_NUM_THREADS`, `OMP_NUM_THREADS`,
 * `MKL_NUM_THREADS` set to 1), or says why it cannot.
 */
export async function startNumpySvd(): Promise<NumpySvd | NumpyMissing> {
  const dir = mkdtempSync(join(tmpdir(), 'stablegrad-svd-'));
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn('python3', ['-c', SCRIPT], {
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `python3 could not be started: ${(e as Error).message}` };
  }
  let stderr = '';
  let failure = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: Interface = createInterface({ input: child.stdout });
  const pending: ((line: string | undefined) => void)[] = [];
  lines.on('line', (line) => pending.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.on('error', (e) => (failure = e.message));
  void exited.then(() => {
    for (const resolve of pending.splice(0)) resolve(undefined);
  });
  const nextLine = (): Promise<string | undefined> => new Promise((resolve) => pending.push(resolve));
  const close = (): void => {
    child.stdin.end();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const first = await nextLine();
  if (first === undefined) {
    close();
    const reason = failure || stderr.trim().split('\n').at(-1) || 'no output';
    return { skipped: `python3 with numpy is not available (${reason})` };
  }
  const { version } = JSON.parse(first) as { version: string };
  let file = 0;
  return {
    version,
    async time(W, n, maxNorm, runs) {
      const path = join(dir, `w${file++ % 2}.bin`);
      writeFileSync(path, Float64Array.from(W));
      child.stdin.write(`${JSON.stringify({ file: path, n, maxNorm, runs })}\n`);
      const reply = await nextLine();
      if (reply === undefined) throw new Error(`numpy SVD process ended: ${stderr.trim()}`);
      return (JSON.parse(reply) as { ms: number[] }).ms;
    },
    async compare(W, P, n, maxNorm) {
      const path = join(dir, 'w-compare.bin');
      const result = join(dir, 'p-compare.bin');
      writeFileSync(path, Float64Array.from(W));
      writeFileSync(result, Float64Array.from(P));
      child.stdin.write(`${JSON.stringify({ file: path, result, n, maxNorm })}\n`);
      const reply = await nextLine();
      if (reply === undefined) throw new Error(`numpy SVD process ended: ${stderr.trim()}`);
      return JSON.parse(reply) as { norm: number; distance: number };
    },
    async replay(entries, runs) {
      child.stdin.write(`${JSON.stringify({ replay: entries, runs })}\n`);
      const reply = await nextLine();
      if (reply === undefined) throw new Error(`numpy process ended: ${stderr.trim()}`);
      return (JSON.parse(reply) as { ms: number[] }).ms;
    },
    close,
  };
}

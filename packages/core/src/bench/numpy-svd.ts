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
for line in sys.stdin:
    req = json.loads(line)
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
    close,
  };
}

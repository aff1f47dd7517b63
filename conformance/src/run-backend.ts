/**
 * Running the suite's sets and checks on one created backend. Free of Node APIs, so that the same
 * code runs in a browser page.
 *
 * @module
 */
import type { Backend, Float32Arithmetic, VectorFile } from '@stablegrad/core';
import { checkEquivalence, type EquivalenceOptions } from './equivalence.js';
import { checkOperations } from './op-probe.js';
import type { ResultRow } from './result.js';
import { runSet } from './run-set.js';

/** A vector file with the name its sets are labelled by (`<name>#<index>`). */
export interface NamedVectorFile {
  /** The label prefix, usually the file's base name. */
  readonly name: string;
  /** The validated file. */
  readonly file: VectorFile;
}

/** What to run on a backend, and what the backend declares. */
export interface BackendJob {
  /** The vector files. */
  readonly files: readonly NamedVectorFile[];
  /** Also run the equivalence check and the operation probe, with these options. */
  readonly equivalence: EquivalenceOptions | false;
  /** The backend's declared float32 arithmetic. */
  readonly arithmetic: Float32Arithmetic;
  /** Its documented ULP bound in equivalence mode (0 for exact backends). */
  readonly ulpBound: number;
}

/**
 * Every set of every file on `backend`, then, when asked, the equivalence check of every rule and
 * the operation probe, all under the backend's declared arithmetic. `reference-f32` is not
 * checked against itself.
 *
 * @param onProgress - called before the equivalence check
 */
export async function runOnBackend(backend: Backend<any>, job: BackendJob, onProgress?: (message: string) => void): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const { name, file } of job.files) {
    for (const [i, set] of file.sets.entries()) rows.push(await runSet(`${name}#${i}`, set, backend, job.arithmetic));
  }
  if (!job.equivalence) return rows;
  if (backend.id === 'reference-f32') {
    rows.push({ set: 'equivalence', kind: 'equivalence', dtype: 'float32', backend: backend.id, status: 'skipped', reason: 'is the reference itself' });
    return rows;
  }
  onProgress?.(`${backend.id}: equivalence (${job.arithmetic} arithmetic)`);
  rows.push(...(await checkEquivalence(backend, job.ulpBound, { ...job.equivalence, arithmetic: job.arithmetic })));
  rows.push(...(await checkOperations(backend, job.arithmetic)));
  return rows;
}

/**
 * One skipped row per set (and one for equivalence, when asked) of a backend that cannot run, with
 * the reason and, when the job gives it, the backend's declared arithmetic.
 */
export function skippedRows(backendId: string, job: Pick<BackendJob, 'files' | 'equivalence'> & Partial<Pick<BackendJob, 'arithmetic'>>, reason: string): ResultRow[] {
  const arithmetic = job.arithmetic ? { arithmetic: job.arithmetic } : {};
  const rows: ResultRow[] = [];
  for (const { name, file } of job.files) {
    file.sets.forEach((set, i) => {
      rows.push({
        set: `${name}#${i}`,
        kind: set.kind,
        ...(set.kind === 'optimizer' ? { rule: set.rule } : { name: set.name }),
        dtype: set.dtype,
        backend: backendId,
        ...arithmetic,
        status: 'skipped',
        reason,
      });
    });
  }
  if (job.equivalence) rows.push({ set: 'equivalence', kind: 'equivalence', dtype: 'float32', backend: backendId, ...arithmetic, status: 'skipped', reason });
  return rows;
}

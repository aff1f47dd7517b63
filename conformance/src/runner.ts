/**
 * Running vector files and equivalence checks over the requested backends.
 *
 * @module
 */
import { basename } from 'node:path';
import type { BackendRegistry, VectorFile } from '@stablegrad/core';
import type { EquivalenceOptions } from './equivalence.js';
import { isRemote } from './remote.js';
import type { ResultRow } from './result.js';
import { runOnBackend, skippedRows, type BackendJob } from './run-backend.js';

/** What to run. */
export interface RunOptions {
  /** Vector files with the names to label their sets by. */
  readonly files: readonly { readonly path: string; readonly file: VectorFile }[];
  /** Backend ids to run on, in order. */
  readonly backends: readonly string[];
  /** Also run equivalence mode, with these options. */
  readonly equivalence?: EquivalenceOptions | false;
  /** Called before each backend and set, for progress output. */
  readonly onProgress?: (message: string) => void;
}

/**
 * Runs every set of every file, and optionally the equivalence check and the operation probe, on
 * every requested backend, each under its declared arithmetic. An unavailable backend yields a
 * skipped row per set, with the reason; a backend that lives in a browser runs the job there.
 *
 * @throws RangeError when a backend id is not registered
 */
export async function runConformance(registry: BackendRegistry, options: RunOptions): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const entries = options.backends.map((id) => registry.get(id));
  const files = options.files.map(({ path, file }) => ({ name: basename(path), file }));
  for (const entry of entries) {
    const job: BackendJob = { files, equivalence: options.equivalence ?? false, arithmetic: entry.arithmetic, ulpBound: entry.ulpBound?.ulp ?? 0 };
    const availability = await entry.availability();
    if (!availability.available) {
      options.onProgress?.(`${entry.id}: skipped (${availability.reason})`);
      rows.push(...skippedRows(entry.id, job, availability.reason));
    } else if (isRemote(entry)) {
      options.onProgress?.(`${entry.id}: running in ${entry.runsIn}`);
      rows.push(...(await entry.runRemote(job, options.onProgress)));
    } else {
      options.onProgress?.(`${entry.id}: running`);
      rows.push(...(await runOnBackend(await entry.create(), job, options.onProgress)));
    }
  }
  return rows;
}

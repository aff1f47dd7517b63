/**
 * Running vector files and equivalence checks over the requested backends.
 *
 * @module
 */
import { basename } from 'node:path';
import { checkEquivalence, type EquivalenceOptions } from './equivalence.js';
import type { BackendRegistry, VectorFile } from '@stablegrad/core';
import type { ResultRow } from './result.js';
import { runSet } from './run-set.js';

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
 * Runs every set of every file, and optionally the equivalence check, on every requested
 * backend. An unavailable backend yields a skipped row per set, with the reason.
 *
 * @throws RangeError when a backend id is not registered
 */
export async function runConformance(registry: BackendRegistry, options: RunOptions): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const entries = options.backends.map((id) => registry.get(id));
  for (const entry of entries) {
    const availability = await entry.availability();
    const backend = availability.available ? await entry.create() : undefined;
    options.onProgress?.(`${entry.id}: ${backend ? 'running' : `skipped (${availability.available ? '' : availability.reason})`}`);
    for (const { path, file } of options.files) {
      file.sets.forEach((set, i) => {
        const label = `${basename(path)}#${i}`;
        if (!backend) {
          rows.push({
            set: label,
            kind: set.kind,
            ...(set.kind === 'optimizer' ? { rule: set.rule } : { name: set.name }),
            dtype: set.dtype,
            backend: entry.id,
            status: 'skipped',
            reason: availability.available ? 'not created' : availability.reason,
          });
        } else {
          rows.push(runSet(label, set, backend));
        }
      });
    }
    if (options.equivalence) {
      if (!backend) {
        rows.push({
          set: 'equivalence',
          kind: 'equivalence',
          dtype: 'float32',
          backend: entry.id,
          status: 'skipped',
          reason: availability.available ? 'not created' : availability.reason,
        });
      } else if (entry.id === 'reference-f32') {
        rows.push({ set: 'equivalence', kind: 'equivalence', dtype: 'float32', backend: entry.id, status: 'skipped', reason: 'is the reference itself' });
      } else {
        options.onProgress?.(`${entry.id}: equivalence`);
        rows.push(...checkEquivalence(backend, entry.ulpBound?.ulp ?? 0, options.equivalence));
      }
    }
  }
  return rows;
}

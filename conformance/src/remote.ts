/**
 * Backends that run somewhere else than this process (a browser page): the suite hands them the
 * whole job and receives their rows.
 *
 * @module
 */
import type { BackendEntry } from '@stablegrad/core';
import type { BackendJob } from './run-backend.js';
import type { ResultRow } from './result.js';

/**
 * A backend entry whose backend lives outside this process. The suite does not `create()` it;
 * it calls {@link RemoteBackendEntry.runRemote} with the job, which runs the same sets and checks
 * there (with the same code) and returns the rows, skipped ones with their reason when the
 * backend turns out not to start there.
 */
export interface RemoteBackendEntry extends BackendEntry {
  /** Where it runs, for messages (e.g. `headless Chromium`). */
  readonly runsIn: string;
  /** Runs `job` where the backend lives. */
  runRemote(job: BackendJob, onProgress?: (message: string) => void): Promise<ResultRow[]>;
}

/** Whether `entry` is a {@link RemoteBackendEntry}. */
export function isRemote(entry: BackendEntry): entry is RemoteBackendEntry {
  return typeof (entry as Partial<RemoteBackendEntry>).runRemote === 'function';
}

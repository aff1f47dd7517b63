/**
 * Checking, before any training, that the requested optimizer-step backend can run here.
 *
 * @module
 */
import type { StepBackendId } from '../report/schema.js';
import { loadStepBackend } from '../train/step-backend.js';
import { CliError } from './cli-error.js';

/**
 * Resolves when `backend` can run on this machine: it is loaded the way training loads it, then
 * released.
 *
 * @throws CliError naming `--backend`, the reason it is unavailable and what to do
 */
export async function checkStepBackend(backend: StepBackendId): Promise<void> {
  try {
    (await loadStepBackend(backend)).dispose();
  } catch (e) {
    throw new CliError(`--backend ${backend}: unavailable here: ${(e as Error).message}`);
  }
}

/**
 * Checking, before any training, that the requested optimizer-step backend can run here.
 *
 * @module
 */
import { fullRegistry } from '@stablegrad/conformance';
import type { StepBackendId } from '../report/schema.js';
import { CliError } from './cli-error.js';

/** The step backends of `--backend`. */
export const STEP_BACKENDS: readonly StepBackendId[] = ['tfjs', 'onnx', 'native'];

/** The package and registry entry behind each step backend that needs one. */
const PROVIDERS: Readonly<Record<Exclude<StepBackendId, 'tfjs'>, { readonly plugin: string; readonly entry: string }>> = {
  onnx: { plugin: '@stablegrad/onnx', entry: 'onnx-cpu' },
  native: { plugin: '@stablegrad/native', entry: 'native-cpu' },
};

/**
 * Resolves when `backend` can run on this machine (`tfjs` always can).
 *
 * @throws CliError naming `--backend`, the reason it is unavailable and what to do
 */
export async function checkStepBackend(backend: StepBackendId): Promise<void> {
  if (backend === 'tfjs') return;
  const { plugin, entry } = PROVIDERS[backend];
  const { registry, failures } = await fullRegistry([plugin]);
  const failure = failures.find((f) => f.specifier === plugin);
  const availability = failure ? { available: false as const, reason: `${plugin} ${failure.reason}` } : await registry.get(entry).availability();
  if (!availability.available) {
    throw new CliError(`--backend ${backend}: unavailable here: ${availability.reason}; run with --backend tfjs, or install/build ${plugin}`);
  }
}

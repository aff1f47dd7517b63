/**
 * The packages this repository publishes to npm, and where they live.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A published package: its npm name and its folder, relative to the repository root. */
export interface PublishedPackage {
  readonly name: string;
  readonly dir: string;
}

/** Every package published to npm. */
export const PUBLISHED: readonly PublishedPackage[] = [
  { name: '@stablegrad/core', dir: 'packages/core' },
  { name: '@stablegrad/conformance', dir: 'conformance' },
  { name: '@stablegrad/tfjs', dir: 'adapters/tfjs' },
  { name: '@stablegrad/onnx', dir: 'adapters/onnx' },
  { name: '@stablegrad/native', dir: 'adapters/native' },
  { name: '@stablegrad/cli', dir: 'apps/cli' },
];

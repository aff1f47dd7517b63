/**
 * Versions of the installed packages a report was produced with.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version in the `package.json` of `specifier` as this package resolves it, or `undefined` when it is not installed. */
export async function packageVersion(specifier: string): Promise<string | undefined> {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.resolve(specifier)));
  } catch {
    return undefined;
  }
  for (; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === specifier) return pkg.version;
    } catch {
      // no package.json here: look further up
    }
  }
  return undefined;
}

/** The packages whose versions every report records, when installed. */
export const REPORTED_PACKAGES: readonly string[] = [
  '@stablegrad/cli',
  '@stablegrad/core',
  '@stablegrad/tfjs',
  '@stablegrad/onnx',
  '@stablegrad/native',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'onnxruntime-node',
];

/** `{ name: version }` for each of `specifiers` that is installed. */
export async function packageVersions(specifiers: readonly string[] = REPORTED_PACKAGES): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const s of specifiers) {
    const v = await packageVersion(s);
    if (v !== undefined) versions[s] = v;
  }
  return versions;
}

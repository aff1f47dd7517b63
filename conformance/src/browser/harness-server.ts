/**
 * Serving the conformance harness page: the bundled harness, and the WebAssembly files of
 * onnxruntime-web and tfjs's wasm backend, which the page loads at run time.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveFolders, type StaticServer } from './static-server.js';

const require = createRequire(import.meta.url);

/** The folder holding the `package.json` nearest above `dir`. */
function packageRoot(dir: string): string {
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

/** Where the build puts the bundled harness (`index.html`, `harness.js`): `browser-harness` of this package. */
export const HARNESS_DIR: string = join(packageRoot(dirname(fileURLToPath(import.meta.url))), 'browser-harness');

/** The `dist` folder of an installed package, found from its main file; undefined when it is not installed. */
export function distOf(specifier: string): string | undefined {
  try {
    return join(packageRoot(dirname(require.resolve(specifier))), 'dist');
  } catch {
    return undefined;
  }
}

/** The packages whose WebAssembly the page loads, by the backends that need them. */
export const WASM_PACKAGES: Readonly<Record<string, string>> = {
  'onnx-web-wasm': 'onnxruntime-web',
  'onnx-web-webgpu': 'onnxruntime-web',
  'tfjs-browser-wasm': '@tensorflow/tfjs-backend-wasm',
};

/** URL prefixes the page loads WebAssembly from. */
export const WASM_PREFIXES = { ort: '/ort/', tfjsWasm: '/tfjs-wasm/' } as const;

/**
 * Serves the harness at `/`, onnxruntime-web's `dist` at `/ort/` and tfjs-backend-wasm's at
 * `/tfjs-wasm/` (each where installed), cross-origin isolated.
 *
 * @throws Error when the harness has not been built
 */
export async function serveHarness(): Promise<StaticServer> {
  if (!existsSync(join(HARNESS_DIR, 'harness.js'))) throw new Error(`the browser harness is not built (${HARNESS_DIR}); run the package's build`);
  const mounts: Record<string, string> = { '/': HARNESS_DIR };
  const ort = distOf('onnxruntime-web');
  const tfjsWasm = distOf('@tensorflow/tfjs-backend-wasm');
  if (ort) mounts[WASM_PREFIXES.ort] = ort;
  if (tfjsWasm) mounts[WASM_PREFIXES.tfjsWasm] = tfjsWasm;
  return serveFolders(mounts);
}

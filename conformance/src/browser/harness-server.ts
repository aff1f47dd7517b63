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

/** Where the build puts the bundled harness (`index.html`, `harness.js`): `dist/harness` of this package. */
export const HARNESS_DIR: string = join(packageRoot(dirname(fileURLToPath(import.meta.url))), 'dist', 'harness');

/** The `dist` folder of an installed package, found from its main file. */
function distOf(specifier: string): string {
  return join(packageRoot(dirname(require.resolve(specifier))), 'dist');
}

/** URL prefixes the page loads WebAssembly from. */
export const WASM_PREFIXES = { ort: '/ort/', tfjsWasm: '/tfjs-wasm/' } as const;

/**
 * Serves the harness at `/`, onnxruntime-web's `dist` at `/ort/` and tfjs-backend-wasm's at
 * `/tfjs-wasm/`, cross-origin isolated.
 *
 * @throws Error when the harness has not been built
 */
export async function serveHarness(): Promise<StaticServer> {
  if (!existsSync(join(HARNESS_DIR, 'harness.js'))) throw new Error(`the browser harness is not built (${HARNESS_DIR}); run the package's build`);
  return serveFolders({ '/': HARNESS_DIR, [WASM_PREFIXES.ort]: distOf('onnxruntime-web'), [WASM_PREFIXES.tfjsWasm]: distOf('@tensorflow/tfjs-backend-wasm') });
}

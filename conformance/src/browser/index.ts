/**
 * `@stablegrad/conformance/browser`: the suite inside headless Chromium. As a conformance plugin
 * it provides the backends `tfjs-webgl`, `tfjs-webgpu`, `tfjs-browser-wasm`, `tfjs-browser-cpu`,
 * `onnx-web-wasm` and `onnx-web-webgpu`; it also exports what browser tests need: finding and
 * launching Chromium, and a cross-origin isolated static server.
 *
 * @module
 */
export { backendEntries } from './entries.js';
export { PAGE_BACKENDS, type HarnessApi, type PageBackend } from './backends.js';
export { CHROMIUM_ARGS, CHROMIUM_INSTALL_COMMAND, findChromium } from './chromium.js';
export { launchChromium, type BrowserPage } from './launch.js';
export { ISOLATION_HEADERS, serveFolders, type StaticServer } from './static-server.js';
export { openHarness, type Harness } from './harness-page.js';

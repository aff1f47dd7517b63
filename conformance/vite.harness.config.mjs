// Bundles the conformance harness page (src/browser/page, compiled by tsc into dist/browser/page)
// into browser-harness/: index.html and harness.js. onnxruntime-web is resolved to its build that
// loads its WebAssembly from `ort.env.wasm.wasmPaths` (served from the installed package at run
// time) instead of carrying it in the bundle; tfjs's wasm backend loads its files the same way.
import { copyFileSync } from 'node:fs';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  resolve: { conditions: ['onnxruntime-web-use-extern-wasm', 'module', 'browser', 'production', 'import', 'default'] },
  build: {
    outDir: 'browser-harness',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 20_000,
    lib: { entry: 'dist/browser/page/harness.js', formats: ['es'], fileName: () => 'harness.js' },
  },
  plugins: [
    {
      name: 'harness-html',
      closeBundle() {
        copyFileSync('src/browser/page/index.html', 'browser-harness/index.html');
      },
    },
  ],
});

// The example page: src/index.html and its module, bundled into dist/. The dev and preview
// servers send the headers that make the page cross-origin isolated (needed by tfjs's wasm backend
// and onnxruntime-web for threads; harmless for WebGL and WebGPU).
import { defineConfig } from 'vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: 'src',
  base: './',
  logLevel: 'warn',
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5_000, reportCompressedSize: false },
  server: { headers: isolation },
  preview: { headers: isolation },
});

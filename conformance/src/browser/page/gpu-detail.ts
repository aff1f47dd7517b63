/**
 * What a GPU backend runs on in this page, for reports.
 *
 * @module
 */

/** The WebGL renderer string, e.g. `WebGL 2: ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))`. */
function webglDetail(): string {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return 'no WebGL 2 context';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return `WebGL 2: ${String(renderer)}`;
}

interface GpuAdapterLike {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string };
}

/** The WebGPU adapter's vendor, architecture and description, or why there is none. */
async function webgpuDetail(): Promise<string> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return 'no WebGPU in this browser (navigator.gpu is missing)';
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'no WebGPU adapter (start Chromium with --enable-unsafe-webgpu where the GPU is not on its list)';
  const i = adapter.info ?? {};
  return `WebGPU: ${[i.vendor, i.architecture, i.description].filter(Boolean).join(', ') || 'adapter without info'}`;
}

/**
 * A line on what backend `name` (`webgl`, `webgpu`, `wasm`, `cpu`) runs on here: the renderer or
 * adapter for GPU backends, whether the page is cross-origin isolated (threads) for `wasm`.
 * For `webgpu`, a result starting with `no WebGPU` means it cannot run.
 */
export async function gpuDetail(name: string): Promise<string> {
  if (name === 'webgl') return webglDetail();
  if (name === 'webgpu') return webgpuDetail();
  if (name === 'wasm') return `WebAssembly, ${globalThis.crossOriginIsolated ? 'cross-origin isolated (threads available)' : 'not cross-origin isolated (one thread)'}`;
  return 'JavaScript';
}

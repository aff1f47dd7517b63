/**
 * ONNX Runtime sessions for step models, with options that keep every instruction's rounding.
 *
 * @module
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { loadOrt, type NativeSession } from './ort.js';
import { STEP_SESSION_OPTIONS } from './session-options.js';

export { STEP_SESSION_OPTIONS } from './session-options.js';

/** Where and how ONNX Runtime executes a step model. */
export interface OnnxRuntimeOptions {
  /**
   * Execution providers in order of preference (default `['cpu']`). `'cuda'` (or
   * `{ name: 'cuda', deviceId }`) needs a GPU build of ONNX Runtime: the `onnxruntime-node` package
   * ships CPU binaries only and downloads its CUDA binaries at install time when allowed to.
   */
  readonly executionProviders?: readonly InferenceSession.ExecutionProviderConfig[];
  /** Threads one operator may use (default: ONNX Runtime's choice, the number of physical cores). */
  readonly intraOpNumThreads?: number;
}

function providerName(p: InferenceSession.ExecutionProviderConfig): string {
  return typeof p === 'string' ? p : p.name;
}

/** The names of the execution providers `options` asks for. */
export function providerNames(options: OnnxRuntimeOptions): string[] {
  return (options.executionProviders ?? ['cpu']).map(providerName);
}

/**
 * Checks runtime options.
 *
 * @throws RangeError naming `executionProviders` or `intraOpNumThreads`
 */
export function checkRuntimeOptions(options: OnnxRuntimeOptions): void {
  const eps = options.executionProviders;
  if (eps !== undefined && (!Array.isArray(eps) || eps.length === 0 || eps.some((p) => typeof providerName(p) !== 'string'))) {
    throw new RangeError(`executionProviders: expected a non-empty array of provider names such as ['cpu'] or ['cuda', 'cpu']`);
  }
  const threads = options.intraOpNumThreads;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) {
    throw new RangeError(`intraOpNumThreads: expected a non-negative integer (0 lets ONNX Runtime choose), got ${String(threads)}`);
  }
}

/** One loaded model and the native session that runs it. */
export class StepSession {
  /** The model's input names, in order. */
  readonly inputNames: readonly string[];
  /** The model's output names, in order. */
  readonly outputNames: readonly string[];
  private readonly native: NativeSession;
  private readonly fetches: Record<string, null>;
  private disposed = false;

  /**
   * Loads `bytes` (an ONNX model) with {@link STEP_SESSION_OPTIONS} and `options`.
   *
   * @throws Error naming the execution providers when ONNX Runtime cannot use them, or carrying
   * ONNX Runtime's message when it rejects the model
   */
  constructor(bytes: Uint8Array, options: OnnxRuntimeOptions = {}) {
    checkRuntimeOptions(options);
    const native = loadOrt().newSession();
    const sessionOptions: InferenceSession.SessionOptions = {
      ...STEP_SESSION_OPTIONS,
      executionProviders: [...(options.executionProviders ?? ['cpu'])],
      ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    };
    try {
      native.loadModel(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength, sessionOptions);
    } catch (e) {
      const message = (e as Error).message;
      const names = providerNames(options);
      if (names.some((n) => n !== 'cpu') && /provider|shared library|not supported/i.test(message)) {
        throw new Error(
          `executionProviders: ONNX Runtime could not use [${names.join(', ')}] (${message}); the onnxruntime-node package ships CPU binaries only, so 'cuda' needs its CUDA binaries installed`,
        );
      }
      throw new Error(`ONNX Runtime rejected the model: ${message}`);
    }
    this.native = native;
    this.inputNames = native.inputMetadata.map((m) => m.name);
    this.outputNames = native.outputMetadata.map((m) => m.name);
    this.fetches = Object.fromEntries(this.outputNames.map((n) => [n, null]));
  }

  /**
   * Runs the model once and returns every output. Inputs are read in place (ONNX Runtime wraps the
   * typed arrays without copying); each output arrives in a new typed array.
   *
   * @throws Error when the session was disposed, or with ONNX Runtime's message
   */
  run(feeds: Record<string, Tensor>): Record<string, Tensor> {
    if (this.disposed) throw new Error('the ONNX Runtime session was disposed');
    return this.native.run(feeds, this.fetches, {});
  }

  /** Releases the native session; later runs throw. */
  dispose(): void {
    if (!this.disposed) {
      this.disposed = true;
      this.native.dispose();
    }
  }
}

/**
 * Timing one benchmark cell: one optimizer step of a rule on a backend for `n` float32
 * parameters, next to a copy of the same number of bytes.
 *
 * @module
 */
import { Optimizer, type Backend, type HostTensor } from '@stablegrad/core';
import { hostCopyMs, medianMs, stepBytesPerParam } from '@stablegrad/core/bench-support';

/** The host tensors of a cell: the parameter and gradients that change from step to step. */
export interface CellInputs {
  readonly param: HostTensor;
  /**
   * Gradients used in turn: with a constant gradient the running variances of SDProp and
   * Adastand decay into float32 subnormals, whose arithmetic is slow on x86, and the benchmark
   * would time that instead of a training step.
   */
  readonly grads: readonly HostTensor[];
}

/** The measured figures of a cell. */
export interface CellTiming {
  /** Median milliseconds per optimizer step. */
  readonly ms: number;
  /** Bytes one step reads and writes per parameter: parameter, gradient and slots. */
  readonly bytesPerParam: number;
  /** Median milliseconds of a copy that moves the same bytes (the memory-bandwidth yardstick). */
  readonly copyMs: number;
}

/** Releases a backend tensor that holds memory outside the JavaScript heap (tfjs), if it can. */
function release(t: unknown): void {
  (t as { dispose?: () => void } | null)?.dispose?.();
}

/**
 * Times the steps of `rule` on `backend` (writing in place where the backend can), then a copy
 * of the bytes one step moves. A slow backend is timed with a single step after the warm-up.
 */
export function timeCell<Tn>(backend: Backend<Tn>, rule: string, hyper: Readonly<Record<string, unknown>>, inputs: CellInputs, slow: boolean): CellTiming {
  const opt = new Optimizer(rule, hyper, { backend });
  const grads = inputs.grads.map((g) => ({ w: backend.fromHost(g, 'float32') }));
  let params: Record<string, Tn> = { w: backend.fromHost(inputs.param, 'float32') };
  let state = opt.init(params);
  const held = (): Tn[] => [params.w!, ...Object.values(state.slots.w ?? {})];
  let t = 0;
  const ms = medianMs(
    () => {
      const before = held();
      ({ params, state } = opt.step(grads[t++ % grads.length]!, state, params, true));
      const after = new Set(held());
      for (const x of before) if (!after.has(x)) release(x);
    },
    slow ? 1 : 3,
    slow ? 0 : 300,
  );
  for (const x of [...held(), ...grads.map((g) => g.w)]) release(x);
  const bytesPerParam = stepBytesPerParam(opt.compiled.slots.length);
  const copyMs = hostCopyMs(bytesPerParam * inputs.param.data.length);
  return { ms, bytesPerParam, copyMs };
}

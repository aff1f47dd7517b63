/**
 * Fuzzed calls of the tensor API: `NativeTensor` creation, copies, disposal, and the backend
 * object's tensor methods.
 *
 * @module
 */
import type { DType, TypedArray } from '@stablegrad/core';
import { nativeBackend } from '../backend/native-backend.js';
import { NativeTensor } from '../tensor/native-tensor.js';
import { deviceArg, dtypeArg, firstFault, hostDataArg, shapeArg, show, type Arg } from './arguments.js';
import { liveArg, recordsTensorLike, tensorArg, wrongTensor, type Call, type FuzzContext } from './context.js';
import { fails, OK, type ErrorClass } from './outcome.js';

/** The expectation for the first fault, else for an allocation that fails late, else success. */
function expectation(early: ErrorClass | undefined, late: ErrorClass | undefined) {
  const error = early ?? late;
  return error === undefined ? OK : fails(error);
}

/** The error of a valid call that the addon still refuses: no CUDA here, or no memory for it. */
function allocationFault(ctx: FuzzContext, device: Arg, tooLarge: boolean | undefined): ErrorClass | undefined {
  if (device.value === 'cuda' && !ctx.cudaAvailable) return 'Error';
  return tooLarge ? 'RangeError' : undefined;
}

/** A copy of `data` in `dtype`, as the API converts it. */
function converted(data: TypedArray, dtype: DType): TypedArray {
  return dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data);
}

/** Index of the first element that is not bit-identical, or -1. */
function firstDifference(a: TypedArray, b: TypedArray): number {
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  if (x.length !== y.length) return 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return Math.floor(i / a.BYTES_PER_ELEMENT);
  return -1;
}

function firstNonFinite(data: TypedArray): number {
  return data.findIndex((v) => !Number.isFinite(v));
}

/** `NativeTensor.zeros` (or `backend.zeros`) with any device, shape and dtype. */
export function zerosCall(ctx: FuzzContext): Call {
  const { r, model } = ctx;
  const viaBackend = r.chance(0.2);
  const device: Arg = viaBackend ? { value: 'cpu', text: "'cpu'" } : deviceArg(r);
  const dtype = dtypeArg(r);
  const shape = shapeArg(r, dtype.fault === undefined ? dtype.value : 'float32');
  const early = firstFault(device, dtype, shape);
  return {
    kind: 'zeros',
    text: viaBackend ? `backend.zeros(${shape.text}, ${dtype.text})` : `NativeTensor.zeros(${device.text}, ${shape.text}, ${dtype.text})`,
    expect: expectation(early, early === undefined ? allocationFault(ctx, device, shape.tooLarge) : undefined),
    run: () => (viaBackend ? ctx.backend.zeros(shape.value as number[], dtype.value) : NativeTensor.zeros(device.value as 'cpu', shape.value as number[], dtype.value)),
    onSuccess(t) {
      const want = (shape.value as number[]).map((d) => (d === 0 ? 0 : d));
      const problem = wrongTensor(t, want, dtype.value);
      if (problem !== undefined) return problem;
      const tensor = t as NativeTensor;
      if (tensor.size !== shape.size) return `size ${tensor.size}, expected ${shape.size}`;
      model.add(tensor, dtype.value === 'float64' ? new Float64Array(tensor.size) : new Float32Array(tensor.size));
      return undefined;
    },
  };
}

/** `NativeTensor.fromHost` (or `backend.fromHost`) with any host tensor. */
export function fromHostCall(ctx: FuzzContext): Call {
  const { r, model } = ctx;
  const viaBackend = r.chance(0.2);
  const device: Arg = viaBackend ? { value: 'cpu', text: "'cpu'" } : deviceArg(r);
  const dtype = dtypeArg(r);
  const notObject = r.chance(0.05);
  const shape = shapeArg(r, dtype.fault === undefined ? dtype.value : 'float32');
  // Data for the shape when it is small enough to exist; otherwise a few values, which cannot match.
  const data: Arg =
    shape.size !== undefined && !shape.tooLarge ? hostDataArg(r, shape.size) : { value: new Float32Array(3), text: 'Float32Array(3)', fault: 'RangeError' };
  const t: Arg = notObject ? { value: r.pick([null, 5, 'tensor']), text: 'not an object', fault: 'TypeError' } : { value: { shape: shape.value, data: data.value }, text: `{ shape: ${shape.text}, data: ${data.text} }` };
  const early = notObject ? firstFault(device, dtype, t) : firstFault(device, dtype, shape, data);
  return {
    kind: 'fromHost',
    text: viaBackend ? `backend.fromHost(${t.text}, ${dtype.text})` : `NativeTensor.fromHost(${device.text}, ${t.text}, ${dtype.text})`,
    expect: expectation(early, early === undefined ? allocationFault(ctx, device, shape.tooLarge) : undefined),
    run: () => (viaBackend ? ctx.backend.fromHost(t.value as never, dtype.value) : NativeTensor.fromHost(device.value as 'cpu', t.value as never, dtype.value)),
    onSuccess(out) {
      const problem = wrongTensor(out, (shape.value as number[]).map((d) => (d === 0 ? 0 : d)), dtype.value);
      if (problem !== undefined) return problem;
      model.add(out as NativeTensor, converted(data.value as TypedArray, dtype.value));
      return undefined;
    },
  };
}

/** `t.toHost()` or `t.findNonFinite()` on a live (maybe held) or disposed tensor; checks the contents. */
export function readCall(ctx: FuzzContext, method: 'toHost' | 'findNonFinite'): Call {
  const t = tensorArg(ctx, false);
  const tensor = t.value as NativeTensor;
  return {
    kind: method,
    text: `(${t.text}).${method}()`,
    expect: t.fault === undefined ? OK : fails(t.fault),
    run: () => (method === 'toHost' ? tensor.toHost() : tensor.findNonFinite()),
    onSuccess(value) {
      const entry = t.entry!;
      if (method === 'findNonFinite') {
        if (entry.mirror !== undefined && value !== firstNonFinite(entry.mirror)) return `returned ${show(value)}, expected ${firstNonFinite(entry.mirror)}`;
        return undefined;
      }
      const host = value as { shape: number[]; data: TypedArray };
      if (host.shape.join() !== tensor.shape.join()) return `shape [${host.shape.join(', ')}], expected [${tensor.shape.join(', ')}]`;
      if (!(host.data instanceof (tensor.dtype === 'float64' ? Float64Array : Float32Array))) return `data is a ${host.data.constructor.name}`;
      if (entry.mirror !== undefined) {
        const i = firstDifference(host.data, entry.mirror);
        if (i >= 0) return `element ${i} is ${host.data[i]}, ${entry.mirror[i]} was written`;
      }
      entry.mirror = host.data.slice();
      return undefined;
    },
  };
}

/** `t.clone()`. */
export function cloneCall(ctx: FuzzContext): Call {
  const t = tensorArg(ctx, false);
  const tensor = t.value as NativeTensor;
  return {
    kind: 'clone',
    text: `(${t.text}).clone()`,
    expect: t.fault === undefined ? OK : fails(t.fault),
    run: () => tensor.clone(),
    onSuccess: recordsTensorLike(ctx, tensor, () => t.entry!.mirror?.slice()),
  };
}

/** `dst.copyFrom(src)`, the source mostly of the destination's shape and dtype. */
export function copyFromCall(ctx: FuzzContext): Call {
  const { r, model } = ctx;
  const dst = tensorArg(ctx, false);
  const d = dst.value as NativeTensor;
  const alike = model.live.filter((e) => e.tensor.dtype === d.dtype && e.tensor.size === d.size);
  const src = tensorArg(ctx, true, r.chance(0.7) && alike.length > 0 ? alike : undefined);
  const s = src.value as NativeTensor;
  const mismatch = src.fault === undefined && (s.dtype !== d.dtype || s.size !== d.size || s.device !== d.device);
  return {
    kind: 'copyFrom',
    text: `(${dst.text}).copyFrom(${src.text})`,
    expect: expectation(firstFault(dst, src), mismatch ? 'RangeError' : undefined),
    run: () => d.copyFrom(s),
    onSuccess() {
      dst.entry!.mirror = src.entry!.mirror?.slice();
      return undefined;
    },
  };
}

/** `t.dispose()` or `backend.disposeTensor(t)`: a no-op when disposed, an Error while held. */
export function disposeCall(ctx: FuzzContext, forced = false): Call {
  const { r, model } = ctx;
  const viaBackend = r.chance(0.2);
  const t = forced ? liveArg(r.pick(model.usable())) : tensorArg(ctx, viaBackend);
  const disposed = t.fault === 'Error' && t.entry === undefined;
  return {
    kind: 'dispose',
    text: viaBackend ? `backend.disposeTensor(${t.text})` : `(${t.text}).dispose()`,
    expect: t.fault === undefined || disposed ? OK : fails(t.fault),
    run: () => (viaBackend ? ctx.backend.disposeTensor(t.value as NativeTensor) : (t.value as NativeTensor).dispose()),
    onSuccess() {
      if (t.entry !== undefined) model.remove(t.entry);
      return undefined;
    },
  };
}

/** The backend object's tensor methods with any argument: `shape` and `dtype` answer even for a disposed or held tensor. */
export function backendMethodCall(ctx: FuzzContext): Call {
  const { r } = ctx;
  const method = r.pick(['toHost', 'shape', 'dtype', 'findNonFinite'] as const);
  const t = tensorArg(ctx, true);
  const describesOnly = method === 'shape' || method === 'dtype';
  const fault = describesOnly && t.fault === 'Error' ? undefined : t.fault;
  return {
    kind: `backend.${method}`,
    text: `backend.${method}(${t.text})`,
    expect: fault === undefined ? OK : fails(fault),
    run: () => ctx.backend[method](t.value as NativeTensor),
    onSuccess(value) {
      const tensor = t.value as NativeTensor;
      if (method === 'shape' && value !== tensor.shape) return 'shape: not the tensor\'s shape';
      if (method === 'dtype' && value !== tensor.dtype) return `dtype: ${show(value)}`;
      return undefined;
    },
  };
}

/** `nativeBackend(options)` with valid and invalid options. */
export function backendCall(ctx: FuzzContext): Call {
  const { r } = ctx;
  const cuda: ErrorClass | undefined = ctx.cudaAvailable ? undefined : 'Error';
  const [options, error] = r.pick<readonly [unknown, ErrorClass | undefined]>([
    [undefined, undefined],
    [{}, undefined],
    [{ device: 'cpu' }, undefined],
    [{ device: 'cpu', kernels: 'interpreter' }, undefined],
    [{ device: 'cuda' }, cuda],
    [{ device: 'tpu' }, 'RangeError'],
    [{ device: 5 }, 'TypeError'],
    [{ kernels: 'jit' }, 'RangeError'],
    [null, 'TypeError'],
    [5, 'TypeError'],
    ['cpu', 'TypeError'],
  ]);
  return {
    kind: 'nativeBackend',
    text: `nativeBackend(${show(options)})`,
    expect: error === undefined ? OK : fails(error),
    run: () => nativeBackend(options as never),
    onSuccess: (b) => ((b as { id: string }).id.startsWith('native-') ? undefined : `id ${(b as { id: string }).id}`),
  };
}

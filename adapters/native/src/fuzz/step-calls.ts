/**
 * Fuzzed step calls: `backend.compile`, and `kernel.run` / `kernel.runAsync` over parameter sets
 * made of live tensors, with one fault at a time (a disposed, held, mistyped, misshapen or
 * missing tensor, a bad group, bad scalars) or none.
 *
 * @module
 */
import { clipByGlobalNorm, compileRule, type DType, type StepGroup, type StepOutcome } from '@stablegrad/core';
import { RULE_CONFIGS, USER_RULE } from '@stablegrad/core/testing';
import { NativeTensor } from '../tensor/native-tensor.js';
import { dtypeArg, garbage, show, smallShape } from './arguments.js';
import { liveArg, newEntry, wrongTensor, type Call, type FuzzContext, type KernelEntry } from './context.js';
import type { Entry } from './model.js';
import { fails, OK, type ErrorClass, type Outcome } from './outcome.js';

/** Most kernels a fuzz run keeps. */
const KERNELS = 8;

/** `backend.compile(rule, dtype)`: any built-in configuration or the user rule, clipped or not; a bad rule or dtype. */
export function compileCall(ctx: FuzzContext): Call {
  const { r } = ctx;
  const [id, hyper] = r.chance(0.15) ? [USER_RULE, {}] : r.pick(RULE_CONFIGS);
  const clip = r.chance(0.3) ? r.pick([1e-3, 1, 1e6]) : undefined;
  const nonFinite = clip === undefined ? undefined : r.pick(['error', 'nan'] as const);
  const badRule = r.chance(0.05);
  const rule = badRule ? garbage(r).value : compileRule(id, hyper, clip === undefined ? {} : { transforms: [clipByGlobalNorm(clip, { nonFinite })] });
  const dtype = dtypeArg(r);
  const error: ErrorClass | undefined = badRule ? 'TypeError' : dtype.fault;
  const name = typeof id === 'string' ? id : id.id;
  const label = `${name} ${dtype.text}${clip === undefined ? '' : ` clipped at ${clip} (${nonFinite})`}`;
  return {
    kind: 'compile',
    text: `backend.compile(${badRule ? show(rule) : `compileRule('${name}', ${JSON.stringify(hyper)}${clip === undefined ? '' : `, clip ${clip}`})`}, ${dtype.text})`,
    expect: error === undefined ? OK : fails(error),
    run: () => ctx.backend.compile(rule as never, dtype.value),
    onSuccess(kernel) {
      const entry: KernelEntry = { kernel: kernel as KernelEntry['kernel'], compiled: rule as KernelEntry['compiled'], dtype: dtype.value, nonFinite, label };
      if (ctx.kernels.length < KERNELS) ctx.kernels.push(entry);
      else ctx.kernels[r.int(KERNELS)] = entry;
      return undefined;
    },
  };
}

/** The faults a step call can have; `none` most of the time. */
type StepFault = 'none' | 'groups' | 'scalars' | 'scalar-missing' | 'group' | 'param' | 'garbage' | 'disposed' | 'held' | 'dtype' | 'shape';

const FAULT_CLASS: Readonly<Record<Exclude<StepFault, 'none'>, ErrorClass>> = {
  groups: 'TypeError',
  scalars: 'TypeError',
  'scalar-missing': 'Error',
  group: 'TypeError',
  param: 'TypeError',
  garbage: 'TypeError',
  disposed: 'Error',
  held: 'Error',
  dtype: 'RangeError',
  shape: 'RangeError',
};

/**
 * A usable live tensor of `shape` and `dtype` not in `taken` (made when there is none); with
 * `known`, one whose contents the fuzz run knows.
 */
function tensorFor(ctx: FuzzContext, shape: readonly number[], dtype: DType, taken: Set<Entry>, known: boolean): Entry {
  const key = shape.join();
  const found = ctx.model.live.filter(
    (e) => e.held === 0 && !taken.has(e) && e.tensor.device === 'cpu' && e.tensor.dtype === dtype && e.tensor.shape.join() === key && (!known || e.mirror !== undefined),
  );
  const entry = found.length > 0 && ctx.r.chance(0.8) ? ctx.r.pick(found) : newEntry(ctx, shape, dtype);
  taken.add(entry);
  return entry;
}

/** Replaces one tensor of a valid step call to produce `fault`; false when it cannot here. */
function injectTensorFault(ctx: FuzzContext, fault: StepFault, groups: Record<string, unknown>[], inputs: readonly string[], dtype: DType): boolean {
  const { r, model } = ctx;
  if (groups.length === 0) return false;
  const g = r.int(groups.length);
  const group = groups[g]!;
  const param = group.param as NativeTensor;
  const others = inputs.filter((n) => n !== 'param');
  const name = fault === 'shape' || fault === 'garbage' ? r.pick(others) : r.pick(inputs);
  if (fault === 'group') groups[g] = r.pick([null, 3, 'group']) as never;
  else if (fault === 'param') group.param = r.pick([undefined, null, {}, param.toHost()]);
  else if (fault === 'garbage') group[name] = r.pick([undefined, null, 3, {}]);
  else if (fault === 'disposed') {
    if (model.disposed.length === 0) return false;
    group[name] = r.pick(model.disposed);
  } else if (fault === 'held') {
    const held = model.live.filter((e) => e.held > 0);
    if (held.length === 0) return false;
    group[name] = r.pick(held).tensor;
  } else if (fault === 'dtype') {
    group[name] = newEntry(ctx, param.shape, dtype === 'float32' ? 'float64' : 'float32').tensor;
  } else if (fault === 'shape') {
    const shape = [...param.shape, 2];
    group[name] = newEntry(ctx, shape, dtype).tensor;
  }
  return true;
}

/**
 * Makes one fault in a valid step call three times in ten (changing `groups` or `scalars`, or
 * leaving the replacement of the whole argument to the caller for `groups` and `scalars`); the
 * fault made, `none` when none was drawn or none could be made here.
 */
function injectFault(
  ctx: FuzzContext,
  groups: Record<string, unknown>[],
  scalars: Record<string, unknown>,
  read: readonly string[],
  inputs: readonly string[],
  dtype: DType,
): StepFault {
  const { r } = ctx;
  if (!r.chance(0.3)) return 'none';
  const fault = r.pick<Exclude<StepFault, 'none'>>(['groups', 'scalars', 'scalar-missing', 'group', 'param', 'garbage', 'disposed', 'held', 'dtype', 'shape']);
  if (fault === 'groups' || fault === 'scalars') return fault;
  if (fault === 'scalar-missing') {
    // Only a scalar the program reads is missed (a rule may compute more than its program reads).
    if (read.length === 0) return 'none';
    delete scalars[r.pick(read)];
    return fault;
  }
  return injectTensorFault(ctx, fault, groups, inputs, dtype) ? fault : 'none';
}

/** `kernel.run(groups, scalars, inPlace)` or, when `async`, `kernel.runAsync(...)`. */
export function stepCall(ctx: FuzzContext, async: boolean): Call {
  const { r, model } = ctx;
  const k = ctx.kernels.length > 0 ? r.pick(ctx.kernels) : undefined;
  if (k === undefined) return compileCall(ctx);
  const { inputs, outputs } = { inputs: k.compiled.program.inputs, outputs: k.compiled.program.outputs.map((o) => o.name) };
  const inPlace = r.chance(0.5);
  const count = r.weighted([
    [0, 1],
    [1, 6],
    [2, 3],
    [3, 1],
  ] as const);
  const taken = new Set<Entry>();
  const groups: Record<string, unknown>[] = [];
  for (let g = 0; g < count; g++) {
    const reuse = model.live.filter((e) => e.tensor.dtype === k.dtype && e.held === 0 && e.tensor.size <= 4096);
    const shape = r.chance(0.03) ? [70001] : reuse.length > 0 && r.chance(0.5) ? r.pick(reuse).tensor.shape : smallShape(r);
    // Clipping that refuses a non-finite norm: gradients of known contents, to know whether it will.
    groups.push(Object.fromEntries(inputs.map((name) => [name, tensorFor(ctx, shape, k.dtype, taken, name === 'grad' && k.nonFinite === 'error').tensor])));
  }
  const scalars: Record<string, unknown> = { ...k.compiled.rule.scalars(k.compiled.hyper, 1 + r.int(5)) };
  const fault = injectFault(ctx, groups, scalars, k.compiled.program.scalars, inputs, k.dtype);
  const groupsArg: unknown = fault === 'groups' ? r.pick([{}, null, 'groups', groups[0]]) : groups;
  const scalarsArg: unknown = fault === 'scalars' ? r.pick([null, 5, 'lr']) : scalars;
  const text = `kernel(${k.label}).${async ? 'runAsync' : 'run'}(${describeGroups(model, groupsArg)}, ${show(Object.keys(scalarsArg ?? {}))}, ${inPlace})`;
  const expect = fault !== 'none' ? fails(FAULT_CLASS[fault]) : refusesNorm(model, k, groups) ? fails('NonFiniteGradientError') : OK;
  const involved = [...new Set(groups.flatMap((group) => (group !== null && typeof group === 'object' ? Object.values(group) : [])))]
    .map((t) => model.entryOf(t))
    .filter((e): e is Entry => e !== undefined);
  const accept = (value: unknown): string | undefined => acceptOutcome(ctx, value as StepOutcome<NativeTensor>, groups as StepGroup<NativeTensor>[], outputs, inPlace, k.dtype, k.compiled.transforms.length > 0);
  const run = () =>
    async
      ? k.kernel.runAsync(groupsArg as StepGroup<NativeTensor>[], scalarsArg as Record<string, number>, inPlace)
      : k.kernel.run(groupsArg as StepGroup<NativeTensor>[], scalarsArg as Record<string, number>, inPlace);
  if (!async) return { kind: 'run', text, expect, run, onSuccess: accept };
  return {
    kind: 'runAsync',
    text,
    expect,
    run,
    async: {
      start() {
        for (const e of involved) e.held += 1;
      },
      settle(outcome: Outcome) {
        for (const e of involved) e.held -= 1;
        return outcome.threw ? undefined : accept(outcome.value);
      },
    },
  };
}

/** Whether `k` clips with `nonFinite: 'error'` and the global norm of the groups' gradients is not finite. */
function refusesNorm(model: FuzzContext['model'], k: KernelEntry, groups: readonly Record<string, unknown>[]): boolean {
  if (k.nonFinite !== 'error') return false;
  let sum = 0;
  for (const group of groups) for (const v of model.entryOf(group.grad)!.mirror!) sum += v * v;
  return !Number.isFinite(sum);
}

/** Checks a step's outcome and records it: in place, the inputs' contents are now unknown; otherwise the new outputs join the model. */
function acceptOutcome(
  ctx: FuzzContext,
  out: StepOutcome<NativeTensor>,
  groups: readonly StepGroup<NativeTensor>[],
  outputs: readonly string[],
  inPlace: boolean,
  dtype: DType,
  clipped: boolean,
): string | undefined {
  if (!out || !Array.isArray(out.outputs) || out.outputs.length !== groups.length) return `returned ${show(out)}`;
  if (clipped && typeof out.gradNorm !== 'number') return 'no gradNorm from a clipping step';
  for (let g = 0; g < groups.length; g++) {
    const record = out.outputs[g]!;
    for (const name of outputs) {
      const t = record[name];
      if (inPlace) {
        if (t !== groups[g]![name]) return `group ${g} '${name}': not the given tensor`;
        ctx.model.entryOf(t)!.mirror = undefined;
        continue;
      }
      const problem = wrongTensor(t, groups[g]!.param!.shape, dtype);
      if (problem !== undefined) return `group ${g} '${name}': ${problem}`;
      ctx.model.add(t!, undefined);
    }
  }
  return undefined;
}

/** `[[3, 4]{param: #1, grad: #2}, ...]` for a call description. */
function describeGroups(model: FuzzContext['model'], groups: unknown): string {
  if (!Array.isArray(groups)) return show(groups);
  const parts = groups.map((group: unknown) => {
    if (group === null || typeof group !== 'object') return show(group);
    const fields = Object.entries(group).map(([name, t]) => {
      const entry = model.entryOf(t);
      if (entry !== undefined) return `${name}: ${liveArg(entry).text}`;
      if (t instanceof NativeTensor) return `${name}: disposed [${t.shape.join(', ')}] ${t.dtype}`;
      return `${name}: ${show(t)}`;
    });
    return `{${fields.join(', ')}}`;
  });
  return `[${parts.join(', ')}]`;
}

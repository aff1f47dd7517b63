/**
 * Reading an optimizer state back from its JSON form, checking everything before any tensor is
 * created.
 *
 * @module
 */
import type { Backend, CompiledRule } from '../backends/backend.js';
import type { ParameterConstraint } from '../constraints/parameter-constraint.js';
import { checkShape, sizeOf, type DType } from '../tensor.js';
import { checkStepCount } from './check-step.js';
import { STATE_FORMAT, decodeNumber, type OptimizerState, type SerializedState } from './state.js';

/** Options of `Optimizer.fromJSON`. */
export interface FromJsonOptions {
  /**
   * What to do when the state's stored hyperparameters differ from the optimizer's: `refuse`
   * (default) throws, naming them; `use-current` continues the stored state under the optimizer's
   * own hyperparameters (to change, say, the learning rate of a resumed run deliberately).
   */
  readonly hyper?: 'refuse' | 'use-current';
}

/** Who reads the state: the optimizer's backend, dtype, rule and constraints. */
export interface StateContext<Tn> {
  /** Where the slots are created. */
  readonly backend: Backend<Tn>;
  /** The optimizer's dtype. */
  readonly dtype: DType;
  /** The optimizer's rule and hyperparameters. */
  readonly compiled: CompiledRule;
  /** The optimizer's constraints, by parameter name. */
  readonly constraints: Readonly<Record<string, ParameterConstraint<Tn>>>;
}

function checkHyper(stored: unknown, compiled: CompiledRule, options: FromJsonOptions): void {
  if (stored === undefined) return;
  let resolved: Readonly<Record<string, number | boolean>>;
  try {
    resolved = compiled.rule.resolve(stored as Readonly<Record<string, unknown>>);
  } catch (e) {
    throw new TypeError(`state.hyper: not valid hyperparameters of '${compiled.rule.id}' (${(e as Error).message})`);
  }
  const differ = Object.keys(compiled.hyper).filter((k) => !Object.is(resolved[k], compiled.hyper[k]));
  if (differ.length > 0 && (options.hyper ?? 'refuse') === 'refuse') {
    const list = differ.map((k) => `${k}: stored ${String(resolved[k])}, this optimizer ${String(compiled.hyper[k])}`).join('; ');
    throw new TypeError(
      `state.hyper: the state was saved with other hyperparameters (${list}); create the optimizer with the stored ones (state.hyper), or pass { hyper: 'use-current' } to continue under this optimizer's`,
    );
  }
}

/** A slot as read: its parameter, name, shape and values. */
interface ReadSlot {
  readonly param: string;
  readonly slot: string;
  readonly shape: readonly number[];
  readonly values: number[];
}

function readSlot(key: string, value: unknown, compiled: CompiledRule): ReadSlot {
  const cut = key.lastIndexOf('/');
  const param = key.slice(0, cut);
  const slot = key.slice(cut + 1);
  if (cut <= 0 || !compiled.slots.includes(slot)) {
    throw new TypeError(`state.slots['${key}']: expected '<param>/<slot>' with slot one of ${compiled.slots.join(', ')}`);
  }
  const v = value as { shape?: unknown; data?: unknown } | null;
  if (typeof v !== 'object' || v === null) throw new TypeError(`state.slots['${key}']: expected { shape, data }`);
  checkShape(v.shape, `state.slots['${key}'].shape`);
  const shape = v.shape;
  if (!Array.isArray(v.data) || v.data.length !== sizeOf(shape)) {
    throw new TypeError(`state.slots['${key}'].data: expected ${sizeOf(shape)} numbers (the size of shape [${shape.join(', ')}])`);
  }
  const nonNegative = compiled.rule.nonNegativeSlots.includes(slot);
  const values = v.data.map((x, i) => {
    const n = decodeNumber(x, `state.slots['${key}'].data[${i}]`);
    if (nonNegative && n < 0) throw new RangeError(`state.slots['${key}'].data[${i}]: expected a value >= 0 (slot '${slot}' of ${compiled.rule.id} is never negative), got ${n}`);
    return n;
  });
  return { param, slot, shape, values };
}

/**
 * Reads a state written by `Optimizer.toJSON` for the optimizer described by `ctx`: the format,
 * rule, dtype, step count, hyperparameters, every slot's name, shape, size and values (slots the
 * rule never makes negative must not be), every parameter's set of slots and their common shape,
 * and each constraint's state (by the constraint's own `checkState`), all before any tensor is
 * created.
 *
 * @throws TypeError or RangeError naming the field that is wrong
 */
export function decodeState<Tn>(json: unknown, ctx: StateContext<Tn>, options: FromJsonOptions = {}): OptimizerState<Tn> {
  const { compiled } = ctx;
  const j = json as Partial<SerializedState> | null;
  if (!j || typeof j !== 'object' || j.format !== STATE_FORMAT) throw new TypeError(`state.format: expected '${STATE_FORMAT}'`);
  if (j.rule !== compiled.rule.id) throw new TypeError(`state.rule: expected '${compiled.rule.id}', got '${String(j.rule)}'`);
  if (j.dtype !== ctx.dtype) throw new TypeError(`state.dtype: expected '${ctx.dtype}', got '${String(j.dtype)}'`);
  checkStepCount(j.step, 'state.step');
  checkHyper(j.hyper, compiled, options);
  if (!j.slots || typeof j.slots !== 'object') throw new TypeError('state.slots: expected an object');
  const read = Object.entries(j.slots).map(([key, value]) => readSlot(key, value, compiled));
  const shapes = new Map<string, readonly number[]>();
  const byParam = new Map<string, Set<string>>();
  for (const r of read) {
    const shape = shapes.get(r.param);
    if (shape && (shape.length !== r.shape.length || shape.some((d, i) => d !== r.shape[i]))) {
      throw new RangeError(`state.slots['${r.param}/${r.slot}']: shape [${r.shape.join(', ')}] differs from its sibling slots' [${shape.join(', ')}]`);
    }
    shapes.set(r.param, r.shape);
    byParam.set(r.param, (byParam.get(r.param) ?? new Set()).add(r.slot));
  }
  for (const [param, slots] of byParam) {
    const missing = compiled.slots.filter((s) => !slots.has(s));
    if (missing.length > 0) throw new TypeError(`state.slots: '${param}' lacks ${missing.map((s) => `'${param}/${s}'`).join(', ')}`);
  }
  const constraints = j.constraints ?? {};
  if (typeof constraints !== 'object' || constraints === null) throw new TypeError('state.constraints: expected an object');
  for (const [param, state] of Object.entries(constraints)) {
    const c = ctx.constraints[param];
    if (c === undefined) throw new TypeError(`state.constraints.${param}: this optimizer has no constraint on '${param}'`);
    c.checkState?.(state, shapes.get(param));
  }
  const slots: Record<string, Record<string, Tn>> = {};
  for (const r of read) {
    const data = ctx.dtype === 'float64' ? Float64Array.from(r.values) : Float32Array.from(r.values);
    (slots[r.param] ??= {})[r.slot] = ctx.backend.fromHost({ shape: r.shape, data }, ctx.dtype);
  }
  return { step: j.step, slots, constraints: structuredClone(constraints) };
}

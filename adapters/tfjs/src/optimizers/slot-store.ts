/**
 * The slot variables of a tfjs optimizer, and their names in `getWeights` / `setWeights`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** A named tensor, as tfjs optimizers exchange weights. */
export interface NamedWeight {
  /** `<variable>/<slot>`, or `iter` for the iteration count. */
  readonly name: string;
  /** The value. */
  readonly tensor: tf.Tensor;
}

interface Entry {
  /** The model variable these slots belong to. */
  readonly variable: string;
  /** Slot variables by slot name. */
  readonly slots: Record<string, tf.Variable>;
}

/**
 * Per model variable, one non-trainable `tf.Variable` per slot of the rule, created as zeros the
 * first time a variable receives a gradient. Weights are named `<variable>/<slot>` (the name of
 * the model variable, then the rule's slot name: `dense/kernel/mu`), in the order the variables
 * were first updated and, within one, in the rule's slot order.
 *
 * Slots restored by {@link SlotStore.load} are bound to variables on the next update by name:
 * the variable of the same name, or else the one tfjs made of that name when it had to make it
 * unique (a model loaded in a process that already holds its namesake gets `name_1`, and so on;
 * both names are compared without that suffix). Shapes are checked, and restored slots that match
 * no variable by name are an error, never bound by position.
 */
export class SlotStore {
  private readonly entries = new Map<string, Entry>();
  private pending: Entry[] | undefined;

  /**
   * @param owner - names the optimizer in errors
   * @param slotNames - the rule's slots, in order
   */
  constructor(
    private readonly owner: string,
    private readonly slotNames: readonly string[],
  ) {}

  /**
   * The slots of each of `variables` (by name), creating zeros for those that have none and
   * binding restored slots first.
   *
   * @throws RangeError when restored slots match the variables not by name,
   * or their shapes differ
   */
  slotsFor(variables: readonly tf.Variable[]): Record<string, Record<string, tf.Variable>> {
    if (this.pending !== undefined) this.bind(variables);
    const out: Record<string, Record<string, tf.Variable>> = {};
    for (const v of variables) {
      let entry = this.entries.get(v.name);
      if (entry === undefined) {
        entry = {
          variable: v.name,
          slots: Object.fromEntries(this.slotNames.map((s) => [s, tf.tidy(() => tf.variable(tf.zerosLike(v), false))])),
        };
        this.entries.set(v.name, entry);
      }
      out[v.name] = entry.slots;
    }
    return out;
  }

  /** Every slot as a named weight: `<variable>/<slot>`, in a stable order. */
  weights(): NamedWeight[] {
    const entries = this.pending ?? [...this.entries.values()];
    return entries.flatMap((e) => this.slotNames.map((s) => ({ name: `${e.variable}/${s}`, tensor: e.slots[s]! })));
  }

  /**
   * Checks `weights` (named `<variable>/<slot>`, without the iteration count) as
   * {@link SlotStore.load} would take them, without changing anything.
   *
   * @returns the tensors grouped by variable and slot
   * @throws RangeError naming the weight when a name does not end in one of the rule's slots, a
   * variable lacks some of its slots, or a slot's shape differs from its siblings'
   */
  check(weights: readonly NamedWeight[]): Map<string, Record<string, tf.Tensor>> {
    const byVariable = new Map<string, Record<string, tf.Tensor>>();
    for (const { name, tensor } of weights) {
      const cut = name.lastIndexOf('/');
      const slot = name.slice(cut + 1);
      if (cut <= 0 || !this.slotNames.includes(slot)) {
        throw new RangeError(
          `${this.owner}.setWeights: weight '${name}': expected '<variable>/<slot>' with slot one of ${this.slotNames.join(', ')}`,
        );
      }
      const variable = name.slice(0, cut);
      const slots = byVariable.get(variable) ?? {};
      if (slot in slots) throw new RangeError(`${this.owner}.setWeights: weight '${name}' appears twice`);
      slots[slot] = tensor;
      byVariable.set(variable, slots);
    }
    for (const [variable, slots] of byVariable) {
      const missing = this.slotNames.filter((s) => !(s in slots));
      if (missing.length > 0) {
        throw new RangeError(`${this.owner}.setWeights: '${variable}' lacks ${missing.map((s) => `'${variable}/${s}'`).join(', ')}`);
      }
      const shape = slots[this.slotNames[0]!]!.shape;
      for (const s of this.slotNames) {
        if (!tf.util.arraysEqual(slots[s]!.shape, shape)) {
          throw new RangeError(`${this.owner}.setWeights: '${variable}/${s}' has shape [${slots[s]!.shape}], its siblings [${shape}]`);
        }
      }
    }
    return byVariable;
  }

  /**
   * Replaces every slot by copies of `weights` (checked by {@link SlotStore.check} first), to be
   * bound to variables on the next update.
   *
   * @throws RangeError as {@link SlotStore.check}, before anything changes
   */
  load(weights: readonly NamedWeight[]): void {
    const byVariable = this.check(weights);
    this.dispose();
    this.pending = [...byVariable].map(([variable, slots]) => ({
      variable,
      slots: Object.fromEntries(this.slotNames.map((s) => [s, tf.variable(slots[s]!, false)])),
    }));
  }

  /** Disposes every slot variable. */
  dispose(): void {
    for (const e of [...this.entries.values(), ...(this.pending ?? [])]) {
      for (const v of Object.values(e.slots)) v.dispose();
    }
    this.entries.clear();
    this.pending = undefined;
  }

  private bind(variables: readonly tf.Variable[]): void {
    const restored = this.pending!;
    const pairs = new Map<tf.Variable, Entry>();
    const free = new Set(restored);
    for (const v of variables) {
      const exact = [...free].find((e) => e.variable === v.name);
      if (exact) {
        pairs.set(v, exact);
        free.delete(exact);
      }
    }
    for (const v of variables) {
      if (pairs.has(v)) continue;
      const same = [...free].filter((e) => stem(e.variable) === stem(v.name));
      const rivals = variables.filter((w) => !pairs.has(w) && stem(w.name) === stem(v.name));
      if (same.length === 1 && rivals.length === 1) {
        pairs.set(v, same[0]!);
        free.delete(same[0]!);
      }
    }
    const unmatched = variables.filter((v) => !pairs.has(v));
    if (unmatched.length > 0 && restored.length > 0) {
      throw new RangeError(
        `${this.owner}: the restored state holds slots for ${restored.map((e) => `'${e.variable}'`).join(', ')}, ` +
          `but the update has gradients for ${unmatched.map((v) => `'${v.name}'`).join(', ')}, which match none of them by name`,
      );
    }
    for (const [v, e] of pairs) {
      const shape = e.slots[this.slotNames[0]!]!.shape;
      if (!tf.util.arraysEqual(shape, v.shape)) {
        throw new RangeError(`${this.owner}: restored slots '${e.variable}/*' have shape [${shape}], variable '${v.name}' has [${v.shape}]`);
      }
    }
    this.pending = undefined;
    for (const [v, e] of pairs) this.entries.set(v.name, { variable: v.name, slots: e.slots });
    for (const e of free) this.entries.set(e.variable, e);
  }
}

/** A variable name without the `_<n>` suffix tfjs adds to make a name unique. */
function stem(name: string): string {
  return name.replace(/_\d+$/, '');
}

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
 * Slots restored by {@link SlotStore.load} are bound to variables on the next update: by name
 * when every updated variable has restored slots of its name, otherwise by position when there
 * are as many as there are gradients (a model loaded in a process that already holds its
 * namesake gets uniquified variable names, and `model.fit` always passes its trainable weights in
 * the same order), with shapes checked either way.
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
   * @throws RangeError when restored slots match the variables neither by name nor by position,
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
   * Replaces every slot by copies of `weights` (named `<variable>/<slot>`, without the iteration
   * count), to be bound to variables on the next update.
   *
   * @throws RangeError naming the weight when a name does not end in one of the rule's slots, a
   * variable lacks some of its slots, or a slot's shape differs from its siblings'
   */
  load(weights: readonly NamedWeight[]): void {
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
    if (restored.length === 0) {
      this.pending = undefined;
      return;
    }
    const names = new Set(restored.map((e) => e.variable));
    let pairs: [tf.Variable, Entry][];
    if (variables.every((v) => names.has(v.name))) {
      pairs = variables.map((v) => [v, restored.find((e) => e.variable === v.name)!]);
    } else if (restored.length === variables.length) {
      pairs = variables.map((v, i) => [v, restored[i]!]);
    } else {
      throw new RangeError(
        `${this.owner}: the restored state holds slots for ${restored.length} variables (${[...names].join(', ')}), ` +
          `but the update has gradients for ${variables.length} (${variables.map((v) => v.name).join(', ')}): they match neither by name nor by position`,
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
    for (const e of restored) {
      if (!pairs.some(([, p]) => p === e)) this.entries.set(e.variable, e);
    }
  }
}

/**
 * Tracing: running a rule on symbolic values to obtain its {@link Program}.
 *
 * @module
 */
import type { BinaryOp, Ops, UnaryOp } from '../ops.js';
import type { Hyper } from '../hyper.js';
import type { Rule } from '../rule.js';
import type { Instr, Program } from './program.js';

/** A symbolic value produced while tracing: the id of the instruction that computes it. */
export class Expr {
  /** @param id - index of the defining instruction */
  constructor(readonly id: number) {}
}

/** Input names that slots may not use. */
const RESERVED = new Set(['param', 'grad']);

/**
 * Traces `rule` under `hyper` into a {@link Program}.
 *
 * Inputs, scalars and literals are emitted once each; arithmetic instructions are kept exactly as
 * the rule performed them (no reordering, no merging). Instructions whose value reaches no output
 * are dropped.
 *
 * @throws Error when the rule reads a slot it did not declare, returns the wrong slots, or
 * returns a value that is not an `Expr` of this trace
 */
export function traceRule<H extends Hyper>(rule: Rule<H>, hyper: H): Program {
  const instrs: Instr[] = [];
  const memo = new Map<string, Expr>();
  const emit = (ins: Instr): Expr => {
    instrs.push(ins);
    return new Expr(instrs.length - 1);
  };
  const leaf = (key: string, ins: Instr): Expr => {
    let e = memo.get(key);
    if (!e) {
      e = emit(ins);
      memo.set(key, e);
    }
    return e;
  };
  const check = (e: Expr): number => {
    if (!(e instanceof Expr) || e.id >= instrs.length) {
      throw new Error(`${rule.id}: an operation received a value that is not part of this trace`);
    }
    return e.id;
  };
  const bin = (op: BinaryOp) => (a: Expr, b: Expr) => emit({ op, a: check(a), b: check(b) });
  const un = (op: UnaryOp) => (a: Expr) => emit({ op, a: check(a) });
  const scalars = new Set<string>();
  const ops: Ops<Expr> = {
    add: bin('add'),
    sub: bin('sub'),
    mul: bin('mul'),
    div: bin('div'),
    min: bin('min'),
    max: bin('max'),
    sqrt: un('sqrt'),
    neg: un('neg'),
    abs: un('abs'),
    literal: (value) => leaf(`literal:${Object.is(value, -0) ? '-0' : value}`, { op: 'literal', value }),
    scalar: (name) => {
      scalars.add(name);
      return leaf(`scalar:${name}`, { op: 'scalar', name });
    },
  };

  const slotNames = rule.slots(hyper);
  for (const s of slotNames) {
    if (RESERVED.has(s)) throw new Error(`${rule.id}: slot name '${s}' is reserved`);
  }
  const inputNames = ['param', 'grad', ...slotNames];
  const [param, grad, ...slotExprs] = inputNames.map((name) => leaf(`input:${name}`, { op: 'input', name }));
  const slotIn = new Proxy(Object.fromEntries(slotNames.map((s, i) => [s, slotExprs[i]!])), {
    get(target, key) {
      if (typeof key === 'string' && !Object.hasOwn(target, key)) {
        throw new Error(`${rule.id}: update reads slot '${key}', which slots() does not declare (${slotNames.join(', ') || 'none'})`);
      }
      return Reflect.get(target, key);
    },
  });
  const result = rule.update(ops, { param: param!, grad: grad!, slots: slotIn }, hyper);

  const returned = Object.keys(result.slots)
    .filter((k) => (result.slots as Record<string, unknown>)[k] !== undefined)
    .sort();
  if (returned.join(',') !== [...slotNames].sort().join(',')) {
    throw new Error(`${rule.id}: update returned slots [${returned.join(', ')}], expected [${slotNames.join(', ')}]`);
  }
  const outputs = [
    { name: 'param', value: check(result.param) },
    ...slotNames.map((s) => ({ name: s, value: check((result.slots as Record<string, Expr>)[s]!) })),
  ];
  return prune({ ruleId: rule.id, inputs: inputNames, scalars: [...scalars], instrs, outputs });
}

/** Drops instructions that reach no output (inputs are always kept) and renumbers the rest. */
function prune(p: Program): Program {
  const live = new Array<boolean>(p.instrs.length).fill(false);
  for (const o of p.outputs) live[o.value] = true;
  for (let i = p.instrs.length - 1; i >= 0; i--) {
    const ins = p.instrs[i]!;
    if (ins.op === 'input') live[i] = true;
    if (!live[i]) continue;
    if ('a' in ins) live[ins.a] = true;
    if ('b' in ins) live[ins.b] = true;
  }
  const renumber = new Array<number>(p.instrs.length).fill(-1);
  const instrs: Instr[] = [];
  p.instrs.forEach((ins, i) => {
    if (!live[i]) return;
    renumber[i] = instrs.length;
    if ('b' in ins) instrs.push({ ...ins, a: renumber[ins.a]!, b: renumber[ins.b]! });
    else if ('a' in ins) instrs.push({ ...ins, a: renumber[ins.a]! });
    else instrs.push(ins);
  });
  const scalars = p.scalars.filter((s) => instrs.some((ins) => ins.op === 'scalar' && ins.name === s));
  return {
    ...p,
    scalars,
    instrs,
    outputs: p.outputs.map((o) => ({ name: o.name, value: renumber[o.value]! })),
  };
}

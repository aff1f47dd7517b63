/**
 * The ONNX checker's rules, as they apply to step models, from Node.
 *
 * @module
 */
import { isIdentifier } from './names.js';
import { DOUBLE, FLOAT, IR_VERSION, OPSET_VERSION, onnx, type OnnxTypes } from './onnx-proto.js';

/** `TensorProto.DataType.BOOL` */
const BOOL = 9;

/** A value's element type and shape, as declared or inferred. */
interface ValueType {
  readonly elem: number;
  readonly shape: readonly number[];
}

const ELEM_NAMES: Readonly<Record<number, string>> = { [FLOAT]: 'float', [DOUBLE]: 'double', [BOOL]: 'bool' };
const elemName = (e: number): string => ELEM_NAMES[e] ?? `type ${e}`;
const shapeText = (s: readonly number[]): string => `[${s.join(', ')}]`;
const NUMERIC = [FLOAT, DOUBLE];

/** Numpy-style multidirectional broadcasting, or `undefined` when the shapes do not broadcast. */
function broadcast(shapes: readonly (readonly number[])[]): number[] | undefined {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const e = s[s.length - rank + i] ?? 1;
      if (e !== 1 && d !== 1 && e !== d) return undefined;
      if (e !== 1) d = e;
    }
    out.push(d);
  }
  return out;
}

/** How one operator types its output from its inputs and attributes, or why it cannot. */
type Rule = (ins: readonly ValueType[], attr: (name: string) => number | undefined) => ValueType | string;

function sameElem(ins: readonly ValueType[], allowed: readonly number[]): number | string {
  const e = ins[0]!.elem;
  if (!allowed.includes(e)) return `input type ${elemName(e)} is not one of ${allowed.map(elemName).join(', ')}`;
  const other = ins.find((v) => v.elem !== e);
  return other ? `inputs mix ${elemName(e)} and ${elemName(other.elem)}` : e;
}

function elementwise(arity: number | 'variadic', allowed: readonly number[], result?: number): Rule {
  return (ins) => {
    if (arity === 'variadic' ? ins.length < 1 : ins.length !== arity) return `expects ${arity === 'variadic' ? 'at least 1' : arity} input(s), has ${ins.length}`;
    const e = sameElem(ins, allowed);
    if (typeof e === 'string') return e;
    const shape = broadcast(ins.map((v) => v.shape));
    return shape ? { elem: result ?? e, shape } : `input shapes ${ins.map((v) => shapeText(v.shape)).join(', ')} do not broadcast`;
  };
}

const RULES: Readonly<Record<string, Rule>> = {
  Add: elementwise(2, NUMERIC),
  Sub: elementwise(2, NUMERIC),
  Mul: elementwise(2, NUMERIC),
  Div: elementwise(2, NUMERIC),
  Min: elementwise('variadic', NUMERIC),
  Max: elementwise('variadic', NUMERIC),
  Sqrt: elementwise(1, NUMERIC),
  Neg: elementwise(1, NUMERIC),
  Abs: elementwise(1, NUMERIC),
  Identity: elementwise(1, [...NUMERIC, BOOL]),
  Equal: elementwise(2, NUMERIC, BOOL),
  Less: elementwise(2, NUMERIC, BOOL),
  Greater: elementwise(2, NUMERIC, BOOL),
  And: elementwise(2, [BOOL]),
  Where: (ins) => {
    if (ins.length !== 3) return `expects 3 inputs, has ${ins.length}`;
    if (ins[0]!.elem !== BOOL) return `condition must be bool, is ${elemName(ins[0]!.elem)}`;
    const e = sameElem(ins.slice(1), NUMERIC);
    if (typeof e === 'string') return e;
    const shape = broadcast(ins.map((v) => v.shape));
    return shape ? { elem: e, shape } : 'input shapes do not broadcast';
  },
  Cast: (ins, attr) => {
    const to = attr('to');
    if (ins.length !== 1) return `expects 1 input, has ${ins.length}`;
    if (to === undefined || !NUMERIC.includes(to)) return `attribute 'to' must be float or double, is ${to === undefined ? 'missing' : elemName(to)}`;
    return { elem: to, shape: ins[0]!.shape };
  },
  ReduceSumSquare: (ins, attr) => {
    if (ins.length !== 1) return `expects 1 input, has ${ins.length}`;
    if (!NUMERIC.includes(ins[0]!.elem)) return `input type ${elemName(ins[0]!.elem)} is not float or double`;
    return { elem: ins[0]!.elem, shape: attr('keepdims') === 0 ? [] : ins[0]!.shape.map(() => 1) };
  },
};

function declaredType(v: OnnxTypes.IValueInfoProto, where: string, problems: string[]): ValueType | undefined {
  const t = v.type?.tensorType;
  if (!t || !t.elemType) {
    problems.push(`${where} '${v.name}': needs a tensor type with an element type`);
    return undefined;
  }
  const dims = t.shape?.dim;
  if (!dims) {
    problems.push(`${where} '${v.name}': needs a shape (at least its rank)`);
    return undefined;
  }
  const shape: number[] = [];
  for (const d of dims) {
    const n = Number(d.dimValue ?? NaN);
    if (!Number.isInteger(n) || n < 0) {
      problems.push(`${where} '${v.name}': every dimension must be a fixed non-negative size in a step model`);
      return undefined;
    }
    shape.push(n);
  }
  return { elem: t.elemType, shape };
}

function initializerType(t: OnnxTypes.ITensorProto, problems: string[]): ValueType | undefined {
  const shape = (t.dims ?? []).map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  const width = t.dataType === FLOAT ? 4 : t.dataType === DOUBLE ? 8 : 0;
  if (width === 0) {
    problems.push(`initializer '${t.name}': element type ${elemName(t.dataType ?? 0)} is not float or double`);
    return undefined;
  }
  const stored = t.rawData && t.rawData.length > 0 ? t.rawData.length / width : (t.dataType === FLOAT ? t.floatData : t.doubleData)?.length ?? 0;
  if (stored !== size) problems.push(`initializer '${t.name}': shape ${shapeText(shape)} needs ${size} element(s), holds ${stored}`);
  return { elem: t.dataType!, shape };
}

const sameType = (a: ValueType, b: ValueType): boolean =>
  a.elem === b.elem && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);

/**
 * Checks a model against the rules of the ONNX checker and shape inference that apply to step
 * models, and returns every problem found (an empty array when there is none):
 * - the model: an IR version (at least 7), an import of the default operator set at version 13
 *   or later, every node in that domain, a named graph;
 * - names: every value and node name a C90 identifier; every value defined once (as a graph input,
 *   an initializer or a node output); every node input defined before the node (topological
 *   order); every graph output defined;
 * - types: graph inputs and outputs with element types and fixed shapes, initializers holding as
 *   many elements as their shape says; every node's operator known, with the right number of
 *   inputs, attributes and element types, and shapes that broadcast; every graph output's declared
 *   type and shape equal to the inferred ones.
 *
 * It knows the operators step models use (`Add`, `Sub`, `Mul`, `Div`, `Min`, `Max`, `Sqrt`, `Neg`,
 * `Abs`, `Identity`, `Cast`, `ReduceSumSquare`, `Equal`, `Less`, `Greater`, `And`, `Where`) and
 * reports any other as unknown to it.
 *
 * @param model - a decoded model, or its bytes
 */
export function checkModel(model: OnnxTypes.IModelProto | Uint8Array): string[] {
  const m = model instanceof Uint8Array ? onnx.ModelProto.decode(model) : model;
  const problems: string[] = [];
  if (Number(m.irVersion ?? 0) < IR_VERSION) problems.push(`ir_version: expected at least ${IR_VERSION} (opset 13 needs it), got ${String(m.irVersion ?? 0)}`);
  const defaultDomain = (d: string | null | undefined): boolean => !d || d === 'ai.onnx';
  const opset = (m.opsetImport ?? []).find((o) => defaultDomain(o.domain));
  if (!opset) problems.push('opset_import: the default domain (ai.onnx) is not imported');
  else if (Number(opset.version ?? 0) < OPSET_VERSION) problems.push(`opset_import: ai.onnx version ${String(opset.version)} is below ${OPSET_VERSION}`);
  const g = m.graph;
  if (!g) return [...problems, 'graph: missing'];
  if (!g.name) problems.push('graph.name: a graph must be named');

  const types = new Map<string, ValueType | undefined>();
  const define = (name: string | null | undefined, what: string, type: ValueType | undefined): void => {
    if (!name || !isIdentifier(name)) problems.push(`${what} '${name ?? ''}': not a C90 identifier`);
    else if (types.has(name)) problems.push(`${what} '${name}': defined more than once`);
    else types.set(name, type);
  };
  for (const v of g.input ?? []) define(v.name, 'graph input', declaredType(v, 'graph input', problems));
  for (const t of g.initializer ?? []) define(t.name, 'initializer', initializerType(t, problems));

  (g.node ?? []).forEach((n, i) => {
    const at = `node ${i} (${n.opType ?? '?'} '${n.name ?? ''}')`;
    if (n.name && !isIdentifier(n.name)) problems.push(`${at}: its name is not a C90 identifier`);
    if (!defaultDomain(n.domain)) problems.push(`${at}: domain '${n.domain}' is not the standard ai.onnx domain`);
    const ins: ValueType[] = [];
    let typed = true;
    for (const input of n.input ?? []) {
      if (!types.has(input)) {
        problems.push(`${at}: input '${input}' is not defined before this node`);
        typed = false;
      } else {
        const t = types.get(input);
        if (t) ins.push(t);
        else typed = false;
      }
    }
    const rule = RULES[n.opType ?? ''];
    let out: ValueType | undefined;
    if (!rule) problems.push(`${at}: operator '${n.opType}' is not one this checker knows`);
    else if (typed) {
      const attr = (name: string): number | undefined => {
        const a = (n.attribute ?? []).find((x) => x.name === name);
        return a && a.type === onnx.AttributeProto.AttributeType.INT ? Number(a.i) : undefined;
      };
      const r = rule(ins, attr);
      if (typeof r === 'string') problems.push(`${at}: ${r}`);
      else out = r;
    }
    if ((n.output ?? []).length !== 1) problems.push(`${at}: expects 1 output, has ${(n.output ?? []).length}`);
    for (const o of n.output ?? []) define(o, `${at} output`, out);
  });

  for (const v of g.output ?? []) {
    const declared = declaredType(v, 'graph output', problems);
    if (!v.name || !types.has(v.name)) {
      problems.push(`graph output '${v.name ?? ''}': not computed by any node`);
      continue;
    }
    const inferred = types.get(v.name);
    if (declared && inferred && !sameType(declared, inferred)) {
      problems.push(
        `graph output '${v.name}': declared ${elemName(declared.elem)} ${shapeText(declared.shape)}, computed ${elemName(inferred.elem)} ${shapeText(inferred.shape)}`,
      );
    }
  }
  return problems;
}

/**
 * The `stablegrad-vectors/1` file format: types and validation.
 *
 * A vector file records what an independent implementation computed for a known input. See the
 * conformance guide for the full description; the JSON shapes are the interfaces below.
 *
 * @module
 */
import type { Rule } from '../rule.js';
import { builtinRules } from '../rules/index.js';
import { sizeOf, type DType } from '../tensor.js';

/** The format tag every vector file carries. */
export const VECTORS_FORMAT = 'stablegrad-vectors/1';

/** Pass when `|actual - expect| <= abs + rel * |expect|`, elementwise. */
export interface Tolerance {
  /** Relative part. */
  readonly rel: number;
  /** Absolute part. */
  readonly abs: number;
}

/** A named tensor given by its shape and row-major data. */
export interface VectorTensor {
  /** Extent of each dimension. */
  readonly shape: readonly number[];
  /** Row-major elements. */
  readonly data: readonly number[];
}

/** Fields every set has. */
interface SetBase {
  /** The arithmetic the expectation was computed in. */
  readonly dtype: DType;
  /** Who computed it (free text). */
  readonly source?: string;
  /** Elementwise pass criterion. */
  readonly tolerance: Tolerance;
}

/** An optimizer trajectory: parameters after each of several steps. */
export interface OptimizerSet extends SetBase {
  /** Set kind. */
  readonly kind: 'optimizer';
  /** Canonical rule id (`sdprop`, `adastand`, `adam`, `rmsprop`, `sgd`). */
  readonly rule: string;
  /** Hyperparameters, by their canonical names. */
  readonly hyper: Readonly<Record<string, number | boolean>>;
  /** Initial parameters by name. */
  readonly params: Readonly<Record<string, { readonly shape: readonly number[]; readonly init: readonly number[] }>>;
  /** Per step (1-based in order), the gradients fed and the parameters expected after it. */
  readonly steps: readonly {
    readonly grads: Readonly<Record<string, readonly number[]>>;
    readonly expect: Readonly<Record<string, readonly number[]>>;
  }[];
}

/** Independent cases of a gradient transform or a constraint. */
export interface CasesSet extends SetBase {
  /** Set kind. */
  readonly kind: 'gradient-transform' | 'constraint';
  /** `clipByGlobalNorm` for transforms, `spectralNorm` for constraints. */
  readonly name: string;
  /** Hyperparameters (`maxNorm`). */
  readonly hyper: Readonly<Record<string, number>>;
  /** Each case's input tensors and expected outputs. */
  readonly cases: readonly {
    readonly input: Readonly<Record<string, VectorTensor>>;
    readonly expect: Readonly<Record<string, readonly number[]>>;
  }[];
}

/** One set of a vector file. */
export type VectorSet = OptimizerSet | CasesSet;

/** A parsed and validated vector file. */
export interface VectorFile {
  /** Always {@link VECTORS_FORMAT}. */
  readonly format: typeof VECTORS_FORMAT;
  /** The seed the inputs were drawn with, if given. */
  readonly seed?: number;
  /** The sets. */
  readonly sets: readonly VectorSet[];
}

/** Names of the transforms and constraints a set may name, by kind. */
export const CASE_NAMES = { 'gradient-transform': ['clipByGlobalNorm'], constraint: ['spectralNorm'] } as const;

/** A malformed vector file: names the set index, the field and what was expected. */
export class VectorFormatError extends Error {
  /**
   * @param where - path of the offending field, e.g. `sets[3].steps[2].grads.w`
   * @param expected - what the field should have been
   * @param file - the file it came from, when known
   */
  constructor(
    readonly where: string,
    readonly expected: string,
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${where}: expected ${expected}`);
    this.name = 'VectorFormatError';
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function need(cond: unknown, where: string, expected: string): asserts cond {
  if (!cond) throw new VectorFormatError(where, expected);
}

function numbers(x: unknown, where: string, length: number): readonly number[] {
  need(Array.isArray(x), where, `an array of ${length} numbers`);
  need(x.length === length, where, `${length} numbers (the size of its shape), got ${x.length}`);
  const bad = x.findIndex((v) => typeof v !== 'number');
  need(bad < 0, `${where}[${bad}]`, 'a number');
  return x as number[];
}

function shapeOf(x: unknown, where: string): readonly number[] {
  need(Array.isArray(x) && x.every((d) => Number.isInteger(d) && d >= 0), where, 'an array of non-negative integers');
  return x as number[];
}

function tolerance(x: unknown, where: string): Tolerance {
  need(isObject(x), where, 'an object { rel, abs }');
  for (const k of ['rel', 'abs'] as const) {
    need(typeof x[k] === 'number' && (x[k] as number) >= 0 && Number.isFinite(x[k]), `${where}.${k}`, 'a finite number >= 0');
  }
  return x as unknown as Tolerance;
}

function sameKeys(x: unknown, names: readonly string[], where: string): Record<string, unknown> {
  need(isObject(x), where, `an object with keys ${names.join(', ')}`);
  const keys = Object.keys(x);
  const missing = names.filter((n) => !keys.includes(n));
  const extra = keys.filter((k) => !names.includes(k));
  need(missing.length === 0, `${where}.${missing[0]}`, `an entry (every parameter needs one)`);
  need(extra.length === 0, `${where}.${extra[0]}`, `one of the parameters ${names.join(', ')}`);
  return x;
}

function optimizerSet(s: Record<string, unknown>, at: string, rules: Readonly<Record<string, Rule<any>>>): OptimizerSet {
  need(typeof s.rule === 'string' && Object.hasOwn(rules, s.rule), `${at}.rule`, `one of ${Object.keys(rules).join(', ')}`);
  need(isObject(s.hyper), `${at}.hyper`, 'an object of hyperparameters');
  try {
    rules[s.rule]!.resolve(s.hyper);
  } catch (e) {
    throw new VectorFormatError(`${at}.hyper`, `valid hyperparameters (${(e as Error).message})`);
  }
  need(isObject(s.params) && Object.keys(s.params).length > 0, `${at}.params`, 'an object of named parameters');
  const sizes: Record<string, number> = {};
  for (const [name, p] of Object.entries(s.params)) {
    need(isObject(p), `${at}.params.${name}`, 'an object { shape, init }');
    sizes[name] = sizeOf(shapeOf(p.shape, `${at}.params.${name}.shape`));
    numbers(p.init, `${at}.params.${name}.init`, sizes[name]);
  }
  const names = Object.keys(sizes);
  need(Array.isArray(s.steps) && s.steps.length > 0, `${at}.steps`, 'a non-empty array of { grads, expect }');
  s.steps.forEach((step: unknown, i) => {
    need(isObject(step), `${at}.steps[${i}]`, 'an object { grads, expect }');
    for (const part of ['grads', 'expect'] as const) {
      const m = sameKeys(step[part], names, `${at}.steps[${i}].${part}`);
      for (const n of names) numbers(m[n], `${at}.steps[${i}].${part}.${n}`, sizes[n]!);
    }
  });
  return s as unknown as OptimizerSet;
}

function casesSet(s: Record<string, unknown>, at: string, kind: 'gradient-transform' | 'constraint'): CasesSet {
  const allowed: readonly string[] = CASE_NAMES[kind];
  need(typeof s.name === 'string' && allowed.includes(s.name), `${at}.name`, `one of ${allowed.join(', ')}`);
  need(isObject(s.hyper), `${at}.hyper`, 'an object { maxNorm }');
  need(typeof s.hyper.maxNorm === 'number' && s.hyper.maxNorm > 0 && Number.isFinite(s.hyper.maxNorm), `${at}.hyper.maxNorm`, 'a finite number > 0');
  need(Array.isArray(s.cases) && s.cases.length > 0, `${at}.cases`, 'a non-empty array of { input, expect }');
  s.cases.forEach((c: unknown, i) => {
    const here = `${at}.cases[${i}]`;
    need(isObject(c), here, 'an object { input, expect }');
    need(isObject(c.input) && Object.keys(c.input).length > 0, `${here}.input`, 'an object of named tensors { shape, data }');
    const names = Object.keys(c.input);
    for (const [name, t] of Object.entries(c.input)) {
      need(isObject(t), `${here}.input.${name}`, 'an object { shape, data }');
      const shape = shapeOf(t.shape, `${here}.input.${name}.shape`);
      if (kind === 'constraint') need(shape.length === 2, `${here}.input.${name}.shape`, 'a matrix shape [rows, cols]');
      numbers(t.data, `${here}.input.${name}.data`, sizeOf(shape));
    }
    const expect = sameKeys(c.expect, names, `${here}.expect`);
    for (const name of names) {
      numbers(expect[name], `${here}.expect.${name}`, sizeOf((c.input as Record<string, { shape: number[] }>)[name]!.shape));
    }
  });
  return s as unknown as CasesSet;
}

/** Options of {@link validateVectorFile}. */
export interface ValidateVectorFileOptions {
  /** User-defined rules that optimizer sets may name, besides the built-in ones. */
  readonly rules?: readonly Rule<any>[];
}

/**
 * Checks that `json` is a `stablegrad-vectors/1` file and returns it typed.
 *
 * @param file - the file name to put in error messages
 * @throws VectorFormatError naming the set index, the field and what was expected
 */
export function validateVectorFile(json: unknown, file?: string, options: ValidateVectorFileOptions = {}): VectorFile {
  const rules: Record<string, Rule<any>> = { ...builtinRules };
  for (const r of options.rules ?? []) rules[r.id] = r;
  try {
    need(isObject(json), '(top level)', 'an object { format, sets }');
    need(json.format === VECTORS_FORMAT, 'format', `"${VECTORS_FORMAT}"`);
    need(json.seed === undefined || typeof json.seed === 'number', 'seed', 'a number when present');
    need(Array.isArray(json.sets), 'sets', 'an array of sets');
    json.sets.forEach((s: unknown, i) => {
      const at = `sets[${i}]`;
      need(isObject(s), at, 'an object');
      need(s.dtype === 'float32' || s.dtype === 'float64', `${at}.dtype`, '"float32" or "float64"');
      need(s.source === undefined || typeof s.source === 'string', `${at}.source`, 'a string when present');
      tolerance(s.tolerance, `${at}.tolerance`);
      if (s.kind === 'optimizer') optimizerSet(s, at, rules);
      else if (s.kind === 'gradient-transform' || s.kind === 'constraint') casesSet(s, at, s.kind);
      else throw new VectorFormatError(`${at}.kind`, '"optimizer", "gradient-transform" or "constraint"');
    });
    return json as unknown as VectorFile;
  } catch (e) {
    if (e instanceof VectorFormatError && file !== undefined && e.file === undefined) throw new VectorFormatError(e.where, e.expected, file);
    throw e;
  }
}

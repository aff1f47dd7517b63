/**
 * The cases of `conformance/data/reference-seed11.json` (format `stablegrad-vectors/1`) for the
 * gradient-transform and constraint tests.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/** A tensor in a vector file. */
export interface VectorTensor {
  /** Its shape. */
  readonly shape: number[];
  /** Its elements, row-major. */
  readonly data: number[];
}

/** A set of `kind: "gradient-transform"` or `kind: "constraint"`. */
export interface CasesSet {
  /** `gradient-transform` or `constraint`. */
  readonly kind: 'gradient-transform' | 'constraint';
  /** `clipByGlobalNorm` or `spectralNorm`. */
  readonly name: string;
  /** Hyperparameters, such as `maxNorm`. */
  readonly hyper: Readonly<Record<string, number>>;
  /** The dtype the expectations were computed in. */
  readonly dtype: 'float32' | 'float64';
  /** Pass if `|actual - expect| <= abs + rel * |expect|`. */
  readonly tolerance: { readonly rel: number; readonly abs: number };
  /** Inputs by name and the expected outputs by name; other fields are informative. */
  readonly cases: {
    readonly input: Record<string, VectorTensor>;
    readonly expect: Record<string, number[]>;
    readonly norm?: number;
  }[];
}

const FILE = new URL('../../../../../conformance/data/reference-seed11.json', import.meta.url);

/** The sets of one kind from the reference file, checked to be in format `stablegrad-vectors/1`. */
export function referenceSets(kind: CasesSet['kind']): CasesSet[] {
  const file = JSON.parse(readFileSync(FILE, 'utf8')) as { format: string; sets: { kind: string }[] };
  if (file.format !== 'stablegrad-vectors/1') throw new Error(`${FILE.pathname}: unexpected format ${file.format}`);
  return file.sets.filter((s): s is CasesSet => s.kind === kind);
}

/**
 * The largest `|actual - expect| / (abs + rel * |expect|)` over the elements: at most 1 means
 * every element is within tolerance.
 */
export function worstError(actual: ArrayLike<number>, expect: readonly number[], tol: CasesSet['tolerance']): number {
  if (actual.length !== expect.length) throw new Error(`expected ${expect.length} values, got ${actual.length}`);
  let worst = 0;
  for (let i = 0; i < expect.length; i++) {
    const e = expect[i]!;
    const err = Math.abs(actual[i]! - e) / (tol.abs + tol.rel * Math.abs(e));
    worst = Number.isNaN(err) ? Infinity : Math.max(worst, err);
  }
  return worst;
}

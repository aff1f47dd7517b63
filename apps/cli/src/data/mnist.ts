/**
 * The MNIST digits of the `mnist` package: 10,000 real handwritten digits (about 1,000 per class),
 * 28 x 28 grey levels in `[0, 1]`, split deterministically into disjoint training and test sets.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { permutation, seededRandom } from '../train/random.js';
import { gatherRows } from './gather-rows.js';

/** Side of a digit image, in pixels. */
export const MNIST_SIDE = 28;

/** Pixels per digit image. */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

/** Seed of the permutation that splits the digits; fixed, so every run sees the same split. */
export const MNIST_SPLIT_SEED = 20170819;

/** Digit images and their labels. */
export interface Digits {
  /** Number of digits. */
  readonly count: number;
  /** `count x 28 x 28` grey levels in `[0, 1]`, row-major. */
  readonly images: Float32Array;
  /** The class (0 to 9) of each digit. */
  readonly labels: Uint8Array;
}

/** Disjoint training and test digits. */
export interface MnistSplit {
  /** The training digits. */
  readonly train: Digits;
  /** The test digits, none of which is a training digit. */
  readonly test: Digits;
}

let cached: Digits | undefined;

/**
 * Reads every digit of the `mnist` package (its files `src/digits/<class>.json`, each
 * `{ data: number[] }` with the images of one class back to back), in class order.
 *
 * @throws Error naming the file when the package is missing or a file is malformed
 */
export function loadMnistDigits(): Digits {
  if (cached) return cached;
  const root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  const parts: { data: readonly number[]; label: number }[] = [];
  for (let label = 0; label < 10; label++) {
    const file = join(root, 'src', 'digits', `${label}.json`);
    const data = (JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown }).data;
    if (!Array.isArray(data) || data.length === 0 || data.length % MNIST_PIXELS !== 0) {
      throw new Error(`mnist: ${file} does not hold a non-empty multiple of ${MNIST_PIXELS} pixels`);
    }
    parts.push({ data: data as number[], label });
  }
  const count = parts.reduce((n, p) => n + p.data.length / MNIST_PIXELS, 0);
  const images = new Float32Array(count * MNIST_PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const { data, label } of parts) {
    images.set(data, at * MNIST_PIXELS);
    labels.fill(label, at, at + data.length / MNIST_PIXELS);
    at += data.length / MNIST_PIXELS;
  }
  cached = { count, images, labels };
  return cached;
}

/** The digits at `indices`, in that order. */
export function selectDigits(digits: Digits, indices: ArrayLike<number>): Digits {
  return { count: indices.length, images: gatherRows(digits.images, indices, MNIST_PIXELS), labels: gatherRows(digits.labels, indices, 1) };
}

/**
 * Indices of disjoint training and test sets: the first `trainExamples` and the next
 * `testExamples` entries of a permutation of `0 .. total-1` drawn with `seed`.
 *
 * @throws RangeError naming `trainExamples` or `testExamples` when not positive integers or when
 * together they exceed `total`
 */
export function splitIndices(
  total: number,
  trainExamples: number,
  testExamples: number,
  seed: number = MNIST_SPLIT_SEED,
): { readonly train: Uint32Array; readonly test: Uint32Array } {
  for (const [name, n] of [['trainExamples', trainExamples], ['testExamples', testExamples]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name}: expected an integer >= 1, got ${String(n)}`);
  }
  if (trainExamples + testExamples > total) {
    throw new RangeError(
      `trainExamples + testExamples: expected at most the ${total} digits available, got ${trainExamples} + ${testExamples}`,
    );
  }
  const p = permutation(total, seededRandom(seed));
  return { train: p.slice(0, trainExamples), test: p.slice(trainExamples, trainExamples + testExamples) };
}

/** Disjoint training and test digits of the `mnist` package (see {@link splitIndices}). */
export function loadMnistSplit(trainExamples: number, testExamples: number): MnistSplit {
  const all = loadMnistDigits();
  const { train, test } = splitIndices(all.count, trainExamples, testExamples);
  return { train: selectDigits(all, train), test: selectDigits(all, test) };
}

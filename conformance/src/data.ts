/**
 * `@stablegrad/conformance/data`: the vector files this package ships, by path, for the suite
 * and for any package's tests that hold a backend against independent expectations.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';

const dataFile = (name: string): string => fileURLToPath(new URL(`../data/${name}`, import.meta.url));

/**
 * `reference-seed11.json`: every rule, the gradient clipping and the spectral projection, computed
 * by PyTorch and numpy (see its sets' `source`); what the suite runs by default.
 */
export const BUILTIN_VECTORS: string = dataFile('reference-seed11.json');

/**
 * `heldout-seed23.json`: optimizer sets with hyperparameters and shapes the built-in file lacks,
 * computed by numpy from the recurrences of the rules' doc comments (`make_heldout.py` beside it
 * writes it).
 */
export const HELDOUT_VECTORS: string = dataFile('heldout-seed23.json');

/** Every vector file this package ships. */
export const VECTOR_FILES: readonly string[] = [BUILTIN_VECTORS, HELDOUT_VECTORS];

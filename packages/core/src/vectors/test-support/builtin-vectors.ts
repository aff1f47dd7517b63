/**
 * The built-in vector file (`conformance/data/reference-seed11.json`), for core's own tests.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateVectorFile, type CasesSet, type VectorFile } from '../format.js';

/** Path of the built-in vector file in this repository. */
export const BUILTIN_VECTORS_PATH = fileURLToPath(new URL('../../../../../conformance/data/reference-seed11.json', import.meta.url));

/** The built-in vector file, parsed and validated. */
export function builtinVectors(): VectorFile {
  return validateVectorFile(JSON.parse(readFileSync(BUILTIN_VECTORS_PATH, 'utf8')), BUILTIN_VECTORS_PATH);
}

/** The built-in sets of one non-optimizer kind. */
export function referenceSets(kind: CasesSet['kind']): CasesSet[] {
  return builtinVectors().sets.filter((s): s is CasesSet => s.kind === kind);
}

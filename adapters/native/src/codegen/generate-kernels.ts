/**
 * Build step: writes `addon/generated/kernels.h` from the built-in rules (run by `scripts/build-addon.mjs`
 * after `tsc`, as `node dist/codegen/generate-kernels.js [out-file]`).
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emitKernelHeader } from './emit-cpp.js';
import { kernelVariants } from './structural-variants.js';

/** Default location of the generated header, inside the addon's sources. */
export const KERNELS_HEADER = fileURLToPath(new URL('../../addon/generated/kernels.h', import.meta.url));

/**
 * Writes the kernel header to `file` unless it already holds the same text (so an unchanged
 * header does not make the compiler rebuild).
 *
 * @returns the number of kernels
 */
export function writeKernelHeader(file: string = KERNELS_HEADER): number {
  const variants = kernelVariants();
  const text = emitKernelHeader(variants);
  let old: string | undefined;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old !== text) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return variants.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? KERNELS_HEADER;
  const count = writeKernelHeader(file);
  process.stdout.write(`${file}: ${count} kernels\n`);
}

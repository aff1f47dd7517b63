/**
 * Reading vector files from disk.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { VectorFormatError, validateVectorFile, type VectorFile } from '@stablegrad/core';

/**
 * Reads and validates a vector file.
 *
 * @throws VectorFormatError when the file is not valid JSON or not a `stablegrad-vectors/1` file
 */
export async function readVectorFile(path: string): Promise<VectorFile> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new VectorFormatError('(file)', `valid JSON (${(e as Error).message})`, path);
  }
  return validateVectorFile(json, path);
}

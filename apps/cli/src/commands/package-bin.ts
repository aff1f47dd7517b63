/**
 * Running the command-line program of another stablegrad package in a child Node process, with
 * its output passed through.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './cli-io.js';

/**
 * Runs the script `script` (relative to the folder of the package's main module, e.g.
 * `cli.js`) of package `specifier` with `args`, in `io.cwd`.
 *
 * @returns its exit code
 */
export function runPackageBin(io: CliIo, specifier: string, script: string, args: readonly string[]): Promise<number> {
  const file = join(dirname(fileURLToPath(import.meta.resolve(specifier))), script);
  return new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, [file, ...args], { cwd: io.cwd, stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => io.out(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => io.err(chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolveCode(code ?? (signal ? 1 : 0)));
  });
}

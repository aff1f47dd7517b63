/**
 * Running a command to completion and keeping what it printed.
 *
 * @module
 */
import { execFile } from 'node:child_process';

/** What a finished command printed and its exit code. */
export interface CommandResult {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs `file` with `args` and resolves when it exits, whatever its exit code. */
export function run(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${command}: could not run (${error.message})`));
          return;
        }
        resolve({ command, code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Like {@link run}, but rejects with the command's output when it exits non-zero. */
export async function mustRun(file: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const result = await run(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${result.command} (in ${options.cwd}) exited with ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

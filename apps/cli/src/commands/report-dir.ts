/**
 * Preparing the folder a report is written to, before any long work starts.
 *
 * @module
 */
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from './cli-error.js';

/** The default `--out`: `reports/` under the working directory. */
export const DEFAULT_REPORTS_DIR = 'reports';

/**
 * Creates `<cwd>/<out>/<name>` if needed and checks that it is writable.
 *
 * @returns its absolute path
 * @throws CliError naming `--out` and the reason when the folder cannot be created or written
 */
export async function prepareReportDir(cwd: string, out: string, name: string): Promise<string> {
  const dir = resolve(cwd, out, name);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new CliError(`--out ${out}: cannot write the report folder ${dir} (${code}); pass --out with a writable directory`);
  }
  return dir;
}

/**
 * Writing a file so that readers see the old content or the new, never half of it.
 *
 * @module
 */
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to a temporary file next to `path`, then renames it over `path` (atomic on one
 * file system). An interrupted write leaves the previous file, if any, intact.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

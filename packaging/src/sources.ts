/**
 * The modules a package compiles from, to tell its build output from files left over in `dist/`.
 *
 * @module
 */
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT, type PublishedPackage } from './published.js';

/** Paths under `src/` of the package's TypeScript modules, without extension (`bench/support`). */
export async function sourceModules(pkg: PublishedPackage): Promise<Set<string>> {
  const src = join(REPO_ROOT, pkg.dir, 'src');
  const entries = await readdir(src, { recursive: true, withFileTypes: true });
  return new Set(
    entries
      .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
      .map((e) => relative(src, join(e.parentPath, e.name)).replace(/\.ts$/, '')),
  );
}

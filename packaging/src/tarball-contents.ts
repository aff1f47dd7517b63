/**
 * What a published tarball must hold and must leave out, as a list of problems.
 *
 * @module
 */
import type { Manifest, Packed } from './pack.js';

const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE'];
const LICENSE = 'Apache-2.0';
/** Files that are only for the repository's own tests. */
const TEST_ONLY = [/\.test\./, /(^|\/)test-support\//];
const COMPILED_SUFFIX = /(\.d\.ts|\.js)(\.map)?$/;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Every path the manifest points at (`main`, `types`, `bin`, `exports`), without the leading `./`. */
function entryPoints(m: Manifest): string[] {
  const targets = [...strings(m.main), ...strings(m.types), ...strings(m.bin), ...strings(m.exports)];
  return [...new Set(targets.map((t) => t.replace(/^\.\//, '')))];
}

function shipped(files: ReadonlySet<string>, target: string): boolean {
  const star = target.indexOf('*');
  if (star < 0) return files.has(target);
  const prefix = target.slice(0, star);
  return [...files].some((f) => f.startsWith(prefix));
}

/**
 * Problems with a packed package; empty when it is fit to publish.
 *
 * @param sources - the package's modules under `src/`, without extension (see `sourceModules`)
 */
export function tarballProblems({ pkg, files, manifest }: Packed, sources: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const have = new Set(files);
  for (const f of REQUIRED_FILES) if (!have.has(f)) problems.push(`${f} is missing`);
  if (manifest.license !== LICENSE) problems.push(`license is ${String(manifest.license)}, expected ${LICENSE}`);
  if (manifest.repository?.directory !== pkg.dir) problems.push(`repository.directory is not '${pkg.dir}'`);
  if (!manifest.engines?.node) problems.push('engines.node is not set');
  if (!manifest.types) problems.push('types is not set');
  const targets = entryPoints(manifest);
  for (const t of targets) if (!shipped(have, t)) problems.push(`entry point ${t} is not in the tarball`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) problems.push(`${field}.${dep} is still '${range}'`);
    }
  }
  // The benchmarks run from the repository (`pnpm bench`): the files its `bench` script runs,
  // unless the package offers them as a command or module of its own.
  const entryStems = new Set(targets.map((t) => t.replace(COMPILED_SUFFIX, '')));
  const benchStems = new Set(
    (manifest.scripts?.bench?.match(/\S+\.js\b/g) ?? []).map((f) => f.replace(COMPILED_SUFFIX, '')).filter((stem) => !entryStems.has(stem)),
  );
  for (const f of files) {
    const compiled = f.startsWith('dist/') && COMPILED_SUFFIX.test(f);
    if (TEST_ONLY.some((re) => re.test(f))) problems.push(`${f} is test-only`);
    else if (compiled && !sources.has(f.slice('dist/'.length).replace(COMPILED_SUFFIX, ''))) {
      problems.push(`${f} has no source in src/ (left over from an earlier build)`);
    } else if (benchStems.has(f.replace(COMPILED_SUFFIX, ''))) {
      problems.push(`${f} is a benchmark script`);
    }
  }
  return problems;
}

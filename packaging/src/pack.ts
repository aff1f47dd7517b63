/**
 * `pnpm pack` of one package: the tarball, its file list and the manifest as published (with
 * `workspace:` ranges replaced by versions).
 *
 * @module
 */
import { join } from 'node:path';
import { mustRun } from './exec.js';
import { REPO_ROOT, type PublishedPackage } from './published.js';

/** The parts of a published `package.json` that the checks read. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly main?: string;
  readonly types?: string;
  readonly exports?: Readonly<Record<string, unknown>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>>;
  readonly repository?: { readonly directory?: string };
  readonly scripts?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

/** A packed package. */
export interface Packed {
  readonly pkg: PublishedPackage;
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** Paths inside the tarball, relative to the package root. */
  readonly files: readonly string[];
  /** The `package.json` inside the tarball. */
  readonly manifest: Manifest;
}

/** Packs `pkg` into `destination` (its `prepack` and `postpack` scripts run). */
export async function packPackage(pkg: PublishedPackage, destination: string): Promise<Packed> {
  const cwd = join(REPO_ROOT, pkg.dir);
  const { stdout } = await mustRun('pnpm', ['pack', '--json', '--pack-destination', destination], { cwd });
  const report = JSON.parse(stdout) as { filename: string; files: { path: string }[] };
  const manifest = await mustRun('tar', ['-xzOf', report.filename, 'package/package.json'], { cwd });
  return {
    pkg,
    tarball: report.filename,
    files: report.files.map((f) => f.path),
    manifest: JSON.parse(manifest.stdout) as Manifest,
  };
}

/**
 * A throw-away npm project outside the repository that installs the packed tarballs, as a user's
 * project would, and runs code and commands in it.
 *
 * @module
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mustRun, run, type CommandResult } from './exec.js';
import type { Packed } from './pack.js';
import { REPO_ROOT } from './published.js';

/** Snippets that the project runs: plain ESM importing the packages by name. */
const SNIPPETS = fileURLToPath(new URL('./snippets/', import.meta.url));

/** The TensorFlow.js packages a user installs next to `@stablegrad/tfjs`, at the workspace's versions. */
const TFJS_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
];

/**
 * Which install scripts run (pnpm refuses to install a package whose script is not listed):
 * onnxruntime-node's would download CUDA binaries (its CPU binaries ship in the package),
 * protobufjs's only prints a notice, and @stablegrad/native's loads its prebuilt addon (compiling
 * it only when none matches the machine).
 */
const BUILDS: Readonly<Record<string, boolean>> = {
  '@stablegrad/native': true,
  'onnxruntime-node': false,
  protobufjs: false,
};

/** A temporary project with the tarballs installed. */
export interface TempProject {
  /** Its folder. */
  readonly dir: string;
  /** Runs `node snippets/<snippet> ...args` in the project. */
  node(snippet: string, args?: readonly string[]): Promise<CommandResult>;
  /** Runs an installed command (`node_modules/.bin/<name>`). */
  bin(name: string, args: readonly string[]): Promise<CommandResult>;
  /** What `pnpm list` reports as installed. */
  list(): Promise<string>;
  /** Removes the project and everything in it. */
  dispose(): Promise<void>;
}

/** {@link BUILDS} keyed as pnpm names them: a tarball's package as `<name>@file:<relative path>`. */
function buildKeys(packed: readonly Packed[], dir: string): Record<string, boolean> {
  return Object.fromEntries(
    Object.entries(BUILDS).map(([name, allowed]) => {
      const p = packed.find((q) => q.manifest.name === name);
      return [p ? `${name}@file:${relative(dir, p.tarball)}` : name, allowed];
    }),
  );
}

type YamlValue = string | boolean | readonly string[] | YamlMap;
interface YamlMap {
  readonly [key: string]: YamlValue;
}

/** `map` as block-style YAML (pnpm edits its settings file in place and refuses flow style). */
function blockYaml(map: YamlMap, indent = ''): string {
  return Object.entries(map)
    .map(([key, value]) => {
      const head = `${indent}${JSON.stringify(key)}:`;
      if (Array.isArray(value)) return `${head}\n${value.map((v) => `${indent}  - ${JSON.stringify(v)}\n`).join('')}`;
      if (typeof value === 'object') return `${head}\n${blockYaml(value as YamlMap, `${indent}  `)}`;
      return `${head} ${JSON.stringify(value)}\n`;
    })
    .join('');
}

async function workspaceVersions(names: readonly string[]): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'adapters/tfjs/package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return Object.fromEntries(
    names.map((n) => {
      const version = manifest.devDependencies[n];
      if (!version) throw new Error(`adapters/tfjs/package.json: no devDependency ${n}`);
      return [n, version];
    }),
  );
}

/**
 * Creates a project in the system's temporary folder whose dependencies are the tarballs (also
 * forced, by overrides, wherever one package depends on another) and the TensorFlow.js packages,
 * and installs it with pnpm from its store: only what is missing there comes from the registry.
 */
export async function createProject(packed: readonly Packed[]): Promise<TempProject> {
  const dir = await mkdtemp(join(tmpdir(), 'stablegrad-packed-'));
  const tarballs = Object.fromEntries(packed.map((p) => [p.manifest.name, `file:${p.tarball}`]));
  const manifest = {
    name: 'stablegrad-packed-install',
    private: true,
    type: 'module',
    dependencies: { ...tarballs, ...(await workspaceVersions(TFJS_PACKAGES)) },
  };
  const settings: YamlMap = {
    autoInstallPeers: false,
    allowBuilds: buildKeys(packed, dir),
    overrides: tarballs,
    // A file: dependency never satisfies a peer range such as ^0.1.0; the versions are the same.
    peerDependencyRules: { allowAny: ['@stablegrad/*'] },
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(dir, 'pnpm-workspace.yaml'), blockYaml(settings));
  await cp(SNIPPETS, join(dir, 'snippets'), { recursive: true });
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await mustRun('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile'], { cwd: dir });
  } catch (e) {
    await dispose();
    throw e;
  }
  return {
    dir,
    node: (snippet, args = []) => run(process.execPath, [join('snippets', snippet), ...args], { cwd: dir }),
    bin: (name, args) => run(join(dir, 'node_modules', '.bin', name), args, { cwd: dir }),
    list: async () => (await mustRun('pnpm', ['list', '--depth', '0'], { cwd: dir })).stdout,
    dispose,
  };
}

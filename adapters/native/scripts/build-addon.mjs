// Builds the native addon: generates the kernels from the traced rules (dist/codegen, compiled by
// tsc before this runs), compiles the CUDA sources with nvcc when it is found, then the addon with
// node-gyp, and copies it to prebuilds/<platform>-<arch>/stablegrad_native.node, where the package
// loads it from.
//
//   node scripts/build-addon.mjs            the `build` script (after tsc)
//   node scripts/build-addon.mjs --install  from scripts/install.mjs: kernels already generated
//
// Environment:
//   STABLEGRAD_CUDA=off   build for the CPU only, even where nvcc is found
//   STABLEGRAD_CUDA=on    fail unless the CUDA part can be built
//   CUDA_HOME             where to look for bin/nvcc when it is not on PATH
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const addon = join(root, 'addon');
const generated = join(addon, 'generated');
const cudaOut = join(addon, 'build-cuda');
const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`@stablegrad/native: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  process.stderr.write(`> ${[command, ...args].join(' ')}\n`);
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.error) fail(`${command} could not be started: ${r.error.message}`);
  if (r.status !== 0) fail(`${command} exited with status ${r.status}`);
}

/** The first executable `name` on PATH (or in CUDA_HOME/bin), or undefined. */
function which(name) {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  if (process.env.CUDA_HOME) dirs.push(join(process.env.CUDA_HOME, 'bin'));
  for (const dir of dirs) {
    const file = join(dir, process.platform === 'win32' ? `${name}.exe` : name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The CUDA library folder holding libcudart_static.a, from nvcc's own configuration. */
function cudaLibDir(nvcc) {
  const probe = join(cudaOut, 'probe.cu');
  writeFileSync(probe, '__global__ void probe() {}\n');
  const r = spawnSync(nvcc, ['--dryrun', '-c', probe, '-o', join(cudaOut, 'probe.o')], { encoding: 'utf8' });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const top = /TOP=(\S+)/.exec(text)?.[1];
  const candidates = [...text.matchAll(/"-L([^"]+)"/g)].map((m) => m[1]);
  if (top) candidates.push(join(top, 'lib64'), join(top, 'lib'));
  const dir = candidates.find((d) => existsSync(join(d, 'libcudart_static.a')));
  if (!dir) fail(`libcudart_static.a not found beside ${nvcc} (looked in ${candidates.join(', ')})`);
  return dir;
}

/** -gencode flags: SASS for sm_80 and sm_90 (and newer ones this nvcc knows), PTX for the newest. */
function gencodeFlags(nvcc) {
  const listed = spawnSync(nvcc, ['--list-gpu-code'], { encoding: 'utf8' }).stdout ?? '';
  const known = new Set(listed.split(/\s+/).filter((s) => s.startsWith('sm_')));
  const archs = ['80', '90', '100', '120'].filter((a) => a === '80' || a === '90' || known.has(`sm_${a}`));
  const newest = archs.at(-1);
  return [...archs.flatMap((a) => ['-gencode', `arch=compute_${a},code=sm_${a}`]), '-gencode', `arch=compute_${newest},code=compute_${newest}`];
}

/** Compiles src/cuda/*.cu; returns the object files. */
function buildCuda(nvcc) {
  const sources = readdirSync(join(addon, 'src', 'cuda')).filter((f) => f.endsWith('.cu'));
  const flags = [
    '-std=c++17', '-O3', '--fmad=false', '-prec-div=true', '-prec-sqrt=true', '-ftz=false',
    '-Xcompiler', '-fPIC,-ffp-contract=off,-fno-fast-math', '-cudart', 'static', ...gencodeFlags(nvcc),
  ];
  return sources.map((file) => {
    const object = join(cudaOut, file.replace(/\.cu$/, '.o'));
    run(nvcc, [...flags, '-c', join(addon, 'src', 'cuda', file), '-o', object]);
    return object;
  });
}

/** node-gyp: the package's own, else the one npm runs install scripts with, else PATH. */
function nodeGyp() {
  try {
    return [process.execPath, require.resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    if (process.env.npm_config_node_gyp) return [process.execPath, process.env.npm_config_node_gyp];
    const onPath = which('node-gyp');
    if (onPath) return [onPath];
    return fail('node-gyp was not found: install it (npm install -g node-gyp) to compile the addon');
  }
}

const installing = process.argv.includes('--install');
mkdirSync(generated, { recursive: true });
mkdirSync(cudaOut, { recursive: true });
if (!installing) run(process.execPath, [join(root, 'dist', 'codegen', 'generate-kernels.js'), join(generated, 'kernels.h')]);
if (!existsSync(join(generated, 'kernels.h'))) fail('addon/generated/kernels.h is missing: run the package build (tsc, then this script)');

const mode = (process.env.STABLEGRAD_CUDA ?? 'auto').toLowerCase();
if (!['auto', 'on', 'off'].includes(mode)) fail(`STABLEGRAD_CUDA: expected on, off or auto, got '${process.env.STABLEGRAD_CUDA}'`);
const nvcc = mode === 'off' ? undefined : which('nvcc');
if (mode === 'on' && !nvcc) fail('STABLEGRAD_CUDA=on but nvcc was not found on PATH or in CUDA_HOME/bin');
const missingReason = mode === 'off' ? 'built without CUDA: STABLEGRAD_CUDA=off at build time' : 'built without CUDA: nvcc was not found at build time';
writeFileSync(
  join(generated, 'build_config.h'),
  [
    '// Written by scripts/build-addon.mjs: whether this build has the CUDA backend.',
    '#pragma once',
    `#define SG_WITH_CUDA ${nvcc ? 1 : 0}`,
    `#define SG_CUDA_MISSING_REASON ${JSON.stringify(nvcc ? '' : missingReason)}`,
    '',
  ].join('\n'),
);

const gypArgs = ['rebuild', '--directory', addon, '--jobs', 'max'];
// Node's headers beside the running node (as in distribution packages and official tarballs):
// use them and never go to the network; otherwise node-gyp fetches them.
const nodeDir = join(dirname(process.execPath), '..');
if (existsSync(join(nodeDir, 'include', 'node', 'node_api.h'))) gypArgs.push(`--nodedir=${nodeDir}`);
if (nvcc) {
  process.stderr.write(`@stablegrad/native: building the CUDA backend with ${nvcc}\n`);
  const objects = buildCuda(nvcc);
  gypArgs.push('--stablegrad_cuda=1', `--cuda_lib_dir=${cudaLibDir(nvcc)}`, `--cuda_objects=${objects.join(' ')}`);
} else {
  process.stderr.write(`@stablegrad/native: ${missingReason}; building for the CPU only\n`);
}
const [gyp, ...gypPre] = nodeGyp();
run(gyp, [...gypPre, ...gypArgs], { cwd: addon });

const prebuild = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
mkdirSync(prebuild, { recursive: true });
copyFileSync(join(addon, 'build', 'Release', 'stablegrad_native.node'), join(prebuild, 'stablegrad_native.node'));
process.stderr.write(`@stablegrad/native: wrote ${join(prebuild, 'stablegrad_native.node')}${nvcc ? ' (CPU and CUDA)' : ' (CPU only)'}\n`);

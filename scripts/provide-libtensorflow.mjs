#!/usr/bin/env node
// Provides libtensorflow to @tensorflow/tfjs-node (and -node-gpu) where its install cannot
// download it. Their install script fetches libtensorflow 2.9.1 as a tarball from Google's
// storage and builds tfjs_binding.node against it with node-gyp. TensorFlow's C API also ships
// inside the `tensorflow-cpu` Python wheel, so this script:
//
//   1. downloads the wheel with pip (`pip download --no-deps tensorflow-cpu==2.21.0`), or takes
//      the one named by TENSORFLOW_CPU_WHEEL;
//   2. unpacks libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C API headers, strips
//      the libraries, and links the names tfjs-node expects (libtensorflow.so, .so.2, .so.2.9.1;
//      libtensorflow_framework.so, .so.2.9.1) to them; libtensorflow_cc.so.2 keeps its name, the
//      SONAME the binding records;
//   3. packs include/ and lib/ as the tarball tfjs-node asks for, served under both the cpu and
//      the gpu name by an HTTP server on 127.0.0.1 (its install accepts only http(s) URLs);
//   4. runs a command with TFJS_NODE_CDN_STORAGE pointing at that server and npm_config_nodedir at
//      this Node's own headers (so node-gyp downloads none), then stops the server.
//
// The libraries are TensorFlow 2.21's CPU kernels, API-compatible with the 2.9 C API tfjs-node
// was written for. The unpacked and packed files are cached (STABLEGRAD_CACHE, default
// ~/.cache/stablegrad), so a second run only serves.
//
//   node scripts/provide-libtensorflow.mjs                  rebuild @tensorflow/tfjs-node in this workspace
//   node scripts/provide-libtensorflow.mjs -- <command...>  run <command> instead (e.g. pnpm install)
//   node scripts/provide-libtensorflow.mjs --check          exit 0 when tfjs-node loads here, else 1
//
// A machine that reaches Google's storage needs none of this: `pnpm install` installs tfjs-node
// the standard way.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TENSORFLOW_VERSION = '2.21.0';
/** The libtensorflow version tfjs-node 4.22 asks for (its scripts/deps-constants.js). */
const TFJS_LIBTENSORFLOW_VERSION = '2.9.1';
const HEADER_PREFIXES = ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/', 'xla/tsl/'];
const LIBRARIES = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'];
const LINKS = {
  'libtensorflow.so': 'libtensorflow_cc.so.2',
  'libtensorflow.so.2': 'libtensorflow_cc.so.2',
  [`libtensorflow.so.${TFJS_LIBTENSORFLOW_VERSION}`]: 'libtensorflow_cc.so.2',
  'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
  [`libtensorflow_framework.so.${TFJS_LIBTENSORFLOW_VERSION}`]: 'libtensorflow_framework.so.2',
};

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(process.env.STABLEGRAD_CACHE ?? join(homedir(), '.cache', 'stablegrad'), `libtensorflow-${TENSORFLOW_VERSION}`);
const tarballName = (kind) => `libtensorflow-${kind}-linux-x86_64-${TFJS_LIBTENSORFLOW_VERSION}.tar.gz`;
const tarball = join(cache, tarballName('cpu'));

function say(message) {
  process.stderr.write(`provide-libtensorflow: ${message}\n`);
}

function fail(message) {
  say(message);
  process.exit(1);
}

function run(command, args, options = {}) {
  say(`> ${[command, ...args].map((a) => (a.includes('\n') ? '<script>' : a)).join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.error) fail(`${command} could not be started: ${r.error.message}`);
  if (r.status !== 0) fail(`${command} exited with status ${r.status}`);
}

/** Whether @tensorflow/tfjs-node loads in this workspace (its binding and libtensorflow). */
function tfjsNodeLoads() {
  const r = spawnSync(process.execPath, ['-e', "require('@tensorflow/tfjs-node')"], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  return r.status === 0;
}

/** The tensorflow-cpu wheel: TENSORFLOW_CPU_WHEEL, or downloaded by pip into the cache. */
function wheel() {
  if (process.env.TENSORFLOW_CPU_WHEEL) return process.env.TENSORFLOW_CPU_WHEEL;
  const dir = join(cache, 'wheel');
  const find = () => (existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.whl')) : undefined);
  if (!find()) {
    mkdirSync(dir, { recursive: true });
    run('python3', ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--dest', dir, `tensorflow-cpu==${TENSORFLOW_VERSION}`]);
  }
  const file = find();
  if (!file) fail(`pip left no wheel in ${dir}`);
  return join(dir, file);
}

/** Unpacks the libraries and headers of `whl` into `stage/lib` and `stage/include`. */
function unpack(whl, stage) {
  const script = `
import os, sys, zipfile
whl, stage, libs, prefixes = sys.argv[1], sys.argv[2], sys.argv[3].split(','), sys.argv[4].split(',')
with zipfile.ZipFile(whl) as z:
    for info in z.infolist():
        name = info.filename
        if name.endswith('/'):
            continue
        if name.startswith('tensorflow/') and name[len('tensorflow/'):] in libs:
            out = os.path.join(stage, 'lib', name[len('tensorflow/'):])
        elif name.startswith('tensorflow/include/') and any(name[len('tensorflow/include/'):].startswith(p) for p in prefixes):
            out = os.path.join(stage, 'include', name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with z.open(info) as src, open(out, 'wb') as dst:
            while True:
                chunk = src.read(1 << 20)
                if not chunk:
                    break
                dst.write(chunk)
`;
  run('python3', ['-c', script, whl, stage, LIBRARIES.join(','), HEADER_PREFIXES.join(',')]);
  for (const lib of LIBRARIES) {
    if (!existsSync(join(stage, 'lib', lib))) fail(`${whl} holds no tensorflow/${lib}`);
  }
  if (!existsSync(join(stage, 'include', 'tensorflow', 'c', 'c_api.h'))) fail(`${whl} holds no tensorflow/include/tensorflow/c/c_api.h`);
}

/** Builds the tarball in the cache unless it is there. */
function prepare() {
  if (existsSync(tarball)) return;
  const whl = wheel();
  const stage = join(cache, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'lib'), { recursive: true });
  say(`unpacking ${whl}`);
  unpack(whl, stage);
  run('strip', ['--strip-unneeded', ...LIBRARIES.map((l) => join(stage, 'lib', l))]);
  for (const [link, target] of Object.entries(LINKS)) symlinkSync(target, join(stage, 'lib', link));
  const partial = `${tarball}.partial`;
  run('sh', ['-c', `tar -C "$1" -cf - include lib | gzip -1 > "$2"`, 'sh', stage, partial]);
  renameSync(partial, tarball);
  rmSync(stage, { recursive: true, force: true });
  say(`wrote ${tarball} (${(statSync(tarball).size / 2 ** 20).toFixed(0)} MiB)`);
}

/** Serves the tarball under the paths tfjs-node and tfjs-node-gpu request; resolves to the base URL. */
function serve() {
  const paths = new Set(['cpu', 'gpu'].map((k) => `/tensorflow/libtensorflow/${tarballName(k)}`));
  const server = createServer((req, res) => {
    say(`${req.method} ${req.url}`);
    if (req.method !== 'GET' || !paths.has(req.url ?? '')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': statSync(tarball).size });
    createReadStream(tarball).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}/` })));
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--check') process.exit(tfjsNodeLoads() ? 0 : 1);
  const cut = args.indexOf('--');
  const command = cut >= 0 ? args.slice(cut + 1) : ['pnpm', 'rebuild', '@tensorflow/tfjs-node'];
  if (command.length === 0) fail('nothing to run after --');
  if (cut < 0 && tfjsNodeLoads()) {
    say('@tensorflow/tfjs-node already loads here; nothing to do');
    return;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`the tensorflow-cpu wheel route is for linux-x64, not ${process.platform}-${process.arch}`);
  prepare();
  const { server, base } = await serve();
  const env = {
    ...process.env,
    TFJS_NODE_CDN_STORAGE: base,
    npm_config_nodedir: dirname(dirname(process.execPath)),
  };
  say(`serving libtensorflow at ${base}; running ${command.join(' ')}`);
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env, cwd: root });
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  server.close();
  if (code !== 0) fail(`${command.join(' ')} exited with status ${code}`);
  if (cut < 0 && !tfjsNodeLoads()) fail('@tensorflow/tfjs-node still does not load after the rebuild');
}

await main();

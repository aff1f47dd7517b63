// The package's `install` script. A published package carries the addon compiled for the platform
// it was published from (prebuilds/<platform>-<arch>/) together with the addon's sources and the
// generated kernels; this compiles the addon only when no prebuild loads here. In the repository
// before the first build (no generated kernels yet) it does nothing: the `build` script builds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const prebuild = join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'stablegrad_native.node');

function loads(file) {
  if (!existsSync(file)) return false;
  try {
    createRequire(import.meta.url)(file);
    return true;
  } catch (e) {
    process.stderr.write(`@stablegrad/native: the prebuilt addon does not load here (${e.message.split('\n')[0]}); compiling it\n`);
    return false;
  }
}

if (loads(prebuild)) process.exit(0);
if (!existsSync(join(root, 'addon', 'generated', 'kernels.h'))) {
  process.stderr.write('@stablegrad/native: kernels not generated yet; the package build compiles the addon\n');
  process.exit(0);
}
const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-addon.mjs'), '--install'], { stdio: 'inherit' });
process.exit(r.status ?? 1);

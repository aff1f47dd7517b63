/**
 * Finding Chromium, and how the suite starts it.
 *
 * @module
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The command that installs Chromium on Debian and Ubuntu, as reasons quote it. */
export const CHROMIUM_INSTALL_COMMAND = 'apt-get install -y chromium';

/**
 * Chromium's command-line switches for the suite: no sandbox (the suite may run as root), no
 * network traffic of its own (background networking, QUIC, component updates, sync), and WebGPU
 * enabled where the GPU is not on Chromium's list, which includes the software (SwiftShader)
 * adapter of a machine without a GPU.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium (or Chrome) binary to drive: `STABLEGRAD_CHROMIUM` when set, else the first of
 * `chromium`, `chromium-browser`, `google-chrome-stable`, `google-chrome` on `PATH`.
 *
 * @returns the path, or a reason naming what was looked for and how to install Chromium
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { readonly path: string } | { readonly reason: string } {
  const chosen = env.STABLEGRAD_CHROMIUM;
  if (chosen) return executable(chosen) ? { path: chosen } : { reason: `STABLEGRAD_CHROMIUM=${chosen} is not an executable file` };
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(join(dir, name))) return { path: join(dir, name) };
  }
  return {
    reason: `no Chromium found (looked for ${NAMES.join(', ')} on PATH, and STABLEGRAD_CHROMIUM); install it with \`${CHROMIUM_INSTALL_COMMAND}\` (Debian, Ubuntu) or set STABLEGRAD_CHROMIUM to a Chromium or Chrome binary`,
  };
}

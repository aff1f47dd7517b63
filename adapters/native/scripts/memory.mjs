// Measures host memory over many optimizer steps on native-cpu: the resident set size (RSS) and
// the addon's live tensors before and after, for the loops a user writes.
//
//   node scripts/memory.mjs [--steps 10000] [--mode NAME] [--json FILE]
//
// Modes (each runs in its own process, so one mode's heap does not colour the next):
//   dropped           not in place, the replaced parameters and slots dropped undisposed (the
//                     README's loop written without `true`), in one synchronous loop: only the
//                     garbage collector frees them, and Node runs the finalizers of native
//                     objects only between turns of the event loop, so nothing is freed before
//                     the loop ends
//   dropped-yielding  the same, awaiting setImmediate after every step (as a loop that waits for
//                     data would): the collector frees as it goes
//   dropped-large     the same over a 1024 x 1024 matrix and a 1024 vector, for a fifth of the
//                     steps: little JavaScript garbage per step, 12 MiB of native memory, so only
//                     the native memory reported to V8 prompts collections
//   disposed          not in place, the replaced parameters and slots disposed by the loop
//   in-place-clip     in place, with clipByGlobalNorm clipping at every step
//   disposed-clip     not in place with clipping, the replaced tensors disposed by the loop
// SDProp over a 128 x 128 matrix and a 128 vector (unless said otherwise); the gradients are made
// once and kept.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Optimizer, clipByGlobalNorm } from '@stablegrad/core';
import { liveTensors, nativeBackend } from '@stablegrad/native';

const MODES = ['dropped', 'dropped-yielding', 'dropped-large', 'disposed', 'in-place-clip', 'disposed-clip'];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}

const MiB = 2 ** 20;

async function measure(mode, steps) {
  const backend = nativeBackend();
  const clip = mode.endsWith('-clip');
  const inPlace = mode.startsWith('in-place');
  const opt = new Optimizer('sdprop', { lr: 1e-3 }, { backend, gradientTransforms: clip ? [clipByGlobalNorm(1e-3)] : [] });
  const host = (shape, seed) => {
    const data = new Float32Array(shape.reduce((a, d) => a * d, 1));
    for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37 + seed);
    return { shape, data };
  };
  const n = mode === 'dropped-large' ? 1024 : 128;
  if (mode === 'dropped-large') steps = Math.ceil(steps / 5);
  let params = { W: backend.fromHost(host([n, n], 1), 'float32'), b: backend.fromHost(host([n], 2), 'float32') };
  const grads = { W: backend.fromHost(host([n, n], 3), 'float32'), b: backend.fromHost(host([n], 4), 'float32') };
  let state = opt.init(params);
  const start = { rss: process.memoryUsage().rss, live: liveTensors() };
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) {
    const r = opt.step(grads, state, params, inPlace);
    if (mode === 'disposed' || mode === 'disposed-clip') {
      for (const p of Object.values(params)) p.dispose();
      for (const slots of Object.values(state.slots)) for (const s of Object.values(slots)) s.dispose();
    }
    ({ params, state } = r);
    if (mode.startsWith('dropped-')) await new Promise((resolve) => setImmediate(resolve));
  }
  const end = { rss: process.memoryUsage().rss, live: liveTensors() };
  return {
    mode,
    steps,
    seconds: (performance.now() - t0) / 1000,
    rssBeforeMiB: start.rss / MiB,
    rssAfterMiB: end.rss / MiB,
    liveBefore: start.live.count,
    liveAfter: end.live.count,
    liveBytesAfter: end.live.bytes,
  };
}

const steps = Number(option('steps', '10000'));
const only = option('mode', undefined);
if (only !== undefined) {
  if (!MODES.includes(only)) throw new RangeError(`--mode: expected one of ${MODES.join(', ')}, got '${only}'`);
  process.stdout.write(`${JSON.stringify(await measure(only, steps))}\n`);
} else {
  const rows = MODES.map((mode) => {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--mode', mode, '--steps', String(steps)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mode ${mode} failed (status ${r.status}, signal ${r.signal}): ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1));
  });
  const line = (cells) => `| ${cells.join(' | ')} |`;
  console.log(line(['mode', 'steps', 'RSS MiB before -> after', 'live tensors before -> after', 'live MiB after', 's']));
  console.log(line(['---', '---', '---', '---', '---', '---']));
  for (const r of rows) {
    console.log(line([r.mode, r.steps, `${r.rssBeforeMiB.toFixed(0)} -> ${r.rssAfterMiB.toFixed(0)}`, `${r.liveBefore} -> ${r.liveAfter}`, (r.liveBytesAfter / MiB).toFixed(1), r.seconds.toFixed(1)]));
  }
  const json = option('json', undefined);
  if (json !== undefined) writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
}

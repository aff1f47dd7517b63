// Fuzzes the addon's public API in child processes (after a build): every call must either
// succeed or end in a JavaScript exception of the right class, the addon must count exactly the
// tensors that are live, and no call may crash or hang the process. A crash or hang is reported
// with the seed and the call that was running. The table counts, per seed, the calls wrongly
// accepted (returned where they must throw), wrongly refused, answered with another error class,
// with a wrong result, and the live-count differences (leaks).
//
//   node scripts/fuzz.mjs [--calls 100000] [--seed 1 | --seeds 1,2,3] [--hang-ms 60000] [--json FILE]
import { writeFileSync } from 'node:fs';
import { fuzzInChild } from '../dist/fuzz/supervise.js';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}

function count(name, fallback) {
  const text = option(name, String(fallback));
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new RangeError(`--${name}: expected a positive integer, got '${text}'`);
  return Number(text);
}

const line = (cells) => `| ${cells.join(' | ')} |`;

const calls = count('calls', 100_000);
const seeds = option('seeds', undefined)?.split(',').map(Number) ?? [count('seed', 1)];
const runs = [];
for (const seed of seeds) {
  const started = performance.now();
  const run = await fuzzInChild({ seed, calls, hangMs: count('hang-ms', 60_000) });
  runs.push({ ...run, seconds: (performance.now() - started) / 1000 });
  console.log(run.report);
  for (const f of run.failures.slice(0, 10)) console.log(`  call ${f.index} (${f.kind}): ${f.text}\n    ${f.problem}`);
}
console.log();
const header = ['seed', 'status', 'calls', 'made', 'awaits', 'returned', 'threw', 'wrongly accepted', 'wrongly refused', 'wrong error', 'wrong result', 'leaks', 's'];
console.log(line(header));
console.log(line(header.map(() => '---')));
for (const r of runs) {
  const s = r.summary;
  const threw = s ? Object.entries(s.threw).map(([k, v]) => `${k} ${v}`).join(', ') : '';
  const c = s?.failureCategories;
  const failed = c ? [c.accepted, c.refused, c.error, c.result, c.leak] : ['', '', '', '', ''];
  console.log(line([r.seed, r.status, s?.calls ?? '', s?.ran ?? '', s?.awaits ?? '', s?.succeeded ?? '', threw, ...failed, r.seconds.toFixed(1)]));
}
const json = option('json', undefined);
if (json !== undefined) writeFileSync(json, `${JSON.stringify(runs, null, 2)}\n`);
if (runs.some((r) => r.status !== 'passed')) process.exitCode = 1;

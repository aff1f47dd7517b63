#!/usr/bin/env node
/**
 * `stablegrad-conformance`: runs vector files and equivalence checks on backends, prints a table,
 * writes a JSON report, exits non-zero when anything failed.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { BUILTIN_VECTORS, readVectorFile } from './load.js';
import { DEFAULT_PLUGINS, fullRegistry } from './registry.js';
import { formatTable } from './report.js';
import { runConformance } from './runner.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

const program = new Command()
  .name('stablegrad-conformance')
  .description('Check that backends compute the same numbers as the references (stablegrad-vectors/1 files).')
  .option('--vectors <files...>', 'vector files to run (default: the built-in reference-seed11.json)')
  .option('--backends <ids>', 'comma-separated backend ids (default: every registered backend)')
  .option('--plugin <modules...>', 'more modules that provide backends (export conformanceBackends())')
  .option('--equivalence', 'also compare every rule with reference-f32 in ulps on property-based inputs')
  .option('--runs <n>', 'property runs per rule in equivalence mode', positiveInt, 20)
  .option('--seed <n>', 'seed of the equivalence inputs', positiveInt, 11)
  .option('--report-json <file>', 'write the results as JSON')
  .option('--require-available', 'exit 1 when a requested backend is skipped (as CI runs it)')
  .option('--list', 'list the registered backends and whether each is available, then exit')
  .showHelpAfterError();

async function main(): Promise<number> {
  const o = program.parse().opts<{
    vectors?: string[];
    backends?: string;
    plugin?: string[];
    equivalence?: boolean;
    runs: number;
    seed: number;
    reportJson?: string;
    requireAvailable?: boolean;
    list?: boolean;
  }>();
  const { registry, failures } = await fullRegistry([...DEFAULT_PLUGINS, ...(o.plugin ?? [])]);
  for (const f of failures) console.error(`plugin ${f.specifier}: ${f.reason}`);
  if (o.list) {
    for (const id of registry.ids()) {
      const e = registry.get(id);
      const a = await e.availability();
      console.log(`${id.padEnd(18)} ${e.dtypes.join(',').padEnd(16)} ${e.arithmetic.padEnd(5)} ${a.available ? 'available' : `unavailable: ${a.reason}`}  ${e.description}`);
    }
    return 0;
  }
  const paths = o.vectors ?? [BUILTIN_VECTORS];
  const files = await Promise.all(paths.map(async (path) => ({ path, file: await readVectorFile(path) })));
  const backends = o.backends ? o.backends.split(',').map((s) => s.trim()).filter(Boolean) : registry.ids();
  const rows = await runConformance(registry, {
    files,
    backends,
    equivalence: o.equivalence ? { numRuns: o.runs, seed: o.seed } : false,
    onProgress: (m) => console.error(m),
  });
  console.log(formatTable(rows));
  if (o.reportJson) {
    await writeFile(o.reportJson, `${JSON.stringify({ results: rows }, null, 2)}\n`);
    console.error(`report written to ${o.reportJson}`);
  }
  const skipped = o.requireAvailable ? rows.filter((r) => r.status === 'skipped' && r.reason !== 'is the reference itself') : [];
  for (const r of skipped.slice(0, 1)) console.error(`--require-available: ${r.backend} was skipped: ${r.reason}`);
  return rows.some((r) => r.status === 'failed') || skipped.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`stablegrad-conformance: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);

#!/usr/bin/env node
/**
 * `stablegrad-conformance`: runs vector files and equivalence checks on backends, prints a table,
 * writes a JSON report. Exit codes: 0 every check passed; 1 a check failed; 2 bad input (a flag, a
 * file, a `--plugin` that cannot be loaded, an empty backend list); 3 nothing was checked, or a
 * backend named in `--backends` cannot run here (`--allow-skip` accepts both).
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { conformanceRegistry } from './registry.js';
import { parseDecimal } from '@stablegrad/core';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { BUILTIN_VECTORS } from './data.js';
import { readVectorFile } from './load.js';
import { formatTable } from './report.js';
import { runConformance } from './runner.js';

function positiveInt(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** A comma-separated list of backend ids, at least one. */
function idList(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new InvalidArgumentError('expected comma-separated backend ids, such as js,onnx-cpu');
  return ids;
}

const program = new Command()
  .name('stablegrad-conformance')
  .description('Check that backends compute the same numbers as the references (stablegrad-vectors/1 files).')
  .option('--vectors <files...>', 'vector files to run (default: the built-in reference-seed11.json)')
  .option('--backends <ids>', 'comma-separated backend ids (default: every registered backend)', idList)
  .option('--plugin <modules...>', 'more modules that provide backends (export backendEntries())')
  .option('--equivalence', 'also compare every rule with reference-f32 in ulps on property-based inputs')
  .option('--runs <n>', 'property runs per rule in equivalence mode', positiveInt, 20)
  .option('--seed <n>', 'seed of the equivalence inputs', positiveInt, 11)
  .option('--report-json <file>', 'write the results as JSON')
  .option('--list', 'list the registered backends and whether each is available, then exit')
  .option('--allow-skip', 'exit 0 even when a backend named in --backends cannot run here or nothing was checked')
  .showHelpAfterError()
  .exitOverride();

async function main(): Promise<number> {
  try {
    program.parse();
  } catch (e) {
    // commander has printed the problem (or the help); bad usage is exit 2
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  const o = program.opts<{
    vectors?: string[];
    backends?: string[];
    allowSkip?: boolean;
    plugin?: string[];
    equivalence?: boolean;
    runs: number;
    seed: number;
    reportJson?: string;
    list?: boolean;
  }>();
  const { registry, failures } = await conformanceRegistry(o.plugin ?? []);
  for (const f of failures) console.error(`plugin ${f.specifier}: ${f.reason}`);
  const broken = failures.filter((f) => (o.plugin ?? []).includes(f.specifier));
  if (broken.length > 0) {
    console.error(`stablegrad-conformance: --plugin ${broken.map((f) => f.specifier).join(', ')} could not be used`);
    return 2;
  }
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
  const backends = o.backends ?? registry.ids();
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
  if (rows.some((r) => r.status === 'failed')) return 1;
  if (o.allowSkip) return 0;
  const unavailable: string[] = [];
  for (const id of o.backends ?? []) if (!(await registry.get(id).availability()).available) unavailable.push(id);
  if (unavailable.length > 0) {
    console.error(`stablegrad-conformance: ${unavailable.join(', ')} could not run here (see the reasons above); pass --allow-skip to accept that`);
    return 3;
  }
  if (!rows.some((r) => r.status === 'passed')) {
    console.error('stablegrad-conformance: nothing was checked; pass --allow-skip to accept that');
    return 3;
  }
  return 0;
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

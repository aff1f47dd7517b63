/**
 * `stablegrad bench`: optimizer step time per backend, rule and size against the copy yardstick.
 *
 * @module
 */
import { resolve } from 'node:path';
import { Command } from 'commander';
import { writeBenchJson } from '@stablegrad/core/bench-support';
import { benchExponents } from '../bench/bench-rules.js';
import { formatBench } from '../bench/bench-table.js';
import { runBench } from '../bench/run-bench.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { exponentList, nameList } from './flag-parsers.js';

/** Where `bench` writes its JSON unless `--out` says otherwise. */
export const DEFAULT_BENCH_OUT = 'bench-results/stablegrad-bench.json';

interface BenchFlags {
  readonly quick?: boolean;
  readonly sizes?: number[];
  readonly backends?: string[];
  readonly rules?: string[];
  readonly out: string;
}

/** The `bench` subcommand. */
export function benchCommand(io: CliIo): Command {
  return new Command('bench')
    .description(
      'time one optimizer step per available backend, rule and size (2^16, 2^20, 2^24 float32 parameters) next to a copy of the same bytes; ' +
        'prints a table and writes JSON',
    )
    .option('--quick', 'stop at 2^20 parameters')
    .option('--sizes <exponents>', 'sizes as comma-separated exponents of 2, e.g. 16,20 (overrides --quick)', exponentList)
    .option('--backends <ids>', 'comma-separated backend ids, e.g. js,onnx-cpu (default: every registered backend)', nameList)
    .option('--rules <ids>', 'comma-separated rules among sgd, rmsprop, adam, sdprop, adastand (default: all)', nameList)
    .option('--out <file>', 'the JSON file to write, relative to the working directory', DEFAULT_BENCH_OUT)
    .action(async (o: BenchFlags) => {
      const progress = io.progress();
      let result;
      try {
        result = await runBench({ exponents: o.sizes ?? benchExponents(o.quick === true), ...(o.backends ? { backends: o.backends } : {}), ...(o.rules ? { rules: o.rules } : {}) }, progress);
      } catch (e) {
        if (e instanceof RangeError) throw new CliError(e.message);
        throw e;
      } finally {
        progress.close();
      }
      io.out(formatBench(result));
      try {
        writeBenchJson(resolve(io.cwd, o.out), result);
      } catch (e) {
        throw new CliError(`--out ${o.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); pass --out with a writable file`);
      }
    });
}

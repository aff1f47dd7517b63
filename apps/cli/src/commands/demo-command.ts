/**
 * `stablegrad demo`: both experiments, one report.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { positiveInt } from './flag-parsers.js';
import { gruConfig, gruPlannedSeconds, runGruExperiment } from '../experiments/gru.js';
import { mnistConfig, mnistPlannedSeconds, runMnistExperiment } from '../experiments/mnist.js';
import type { CliIo } from './cli-io.js';
import { checkCorpusFlag, loadCorpusFlag, runAndReport } from './run-and-report.js';
import { addRunFlags, scaleOf, type RunFlagValues } from './run-flags.js';

/** The default report name of each scale. */
const DEFAULT_NAMES = { quick: 'demo-quick', default: 'demo', paper: 'demo-paper' } as const;

/** The `demo` subcommand. */
export function demoCommand(io: CliIo): Command {
  const command = new Command('demo').description(
    'test both claims on real data: SDProp against Adam, RMSprop, Adastand and SGD on a LeNet CNN on MNIST, ' +
      'and the GRU spectral-norm constraint against gradient clipping over a sweep of learning rates; writes an HTML report',
  );
  command.addOption(
    new Option('--workers <n>', 'worker processes that train runs at the same time (default: one per CPU core; 1: in this process)').argParser(positiveInt),
  );
  return addRunFlags(command, 'demo, demo-quick with --quick, demo-paper with --scale paper').action(async (o: RunFlagValues & { workers?: number }) => {
    const scale = scaleOf(o);
    const flags = { ...o, name: o.name ?? DEFAULT_NAMES[scale], workers: o.workers ?? availableParallelism() };
    await runAndReport(io, flags, command, async (options) => {
      const corpus = await loadCorpusFlag(io.cwd, o.corpus);
      const gru = gruConfig(scale, corpus, options.tfjsBackend);
      checkCorpusFlag(o.corpus, gru, corpus);
      const mnist = mnistConfig(scale);
      options.progress.extend(mnistPlannedSeconds(mnist) + gruPlannedSeconds(gru));
      // Both experiments hand their runs to the same runner at once, so that no worker waits.
      const [mnistResult, gruResult] = await Promise.all([runMnistExperiment(mnist, options), runGruExperiment(gru, corpus, options)]);
      return { mnist: mnistResult, gru: gruResult };
    });
  });
}

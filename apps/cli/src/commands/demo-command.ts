/**
 * `stablegrad demo`: both experiments, one report.
 *
 * @module
 */
import { Command } from 'commander';
import { gruConfig, runGruExperiment } from '../experiments/gru.js';
import { mnistConfig, runMnistExperiment } from '../experiments/mnist.js';
import type { CliIo } from './cli-io.js';
import { checkCorpusFlag, loadCorpusFlag, runAndReport } from './run-and-report.js';
import { addRunFlags, type RunFlagValues } from './run-flags.js';

/** The `demo` subcommand. */
export function demoCommand(io: CliIo): Command {
  const command = new Command('demo').description(
    'reproduce both claims at small scale on real data: SDProp against Adam, RMSprop, Adastand and SGD on an MNIST CNN, ' +
      'and the GRU spectral-norm constraint against gradient clipping; writes an HTML report',
  );
  return addRunFlags(command, 'demo, or demo-quick with --quick').action(async (o: RunFlagValues) => {
    const mode = o.quick ? 'quick' : 'full';
    const flags = { ...o, name: o.name ?? (o.quick ? 'demo-quick' : 'demo') };
    await runAndReport(io, flags, command, async (options) => {
      const corpus = await loadCorpusFlag(io.cwd, o.corpus);
      const config = gruConfig(mode, corpus);
      checkCorpusFlag(o.corpus, config, corpus);
      const mnist = await runMnistExperiment(mnistConfig(mode), options);
      const gru = await runGruExperiment(config, corpus, options);
      return { mnist, gru };
    });
  });
}

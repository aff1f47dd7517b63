/**
 * `stablegrad train`: one configuration (model, optimizer, rate, stabiliser, seed), one report.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { gruConfig, gruPlannedSeconds, runGruExperiment } from '../experiments/gru.js';
import { mnistConfig, mnistPlannedSeconds, runMnistExperiment } from '../experiments/mnist.js';
import { OPTIMIZERS, optimizerSpec, stabiliserSpec } from '../experiments/optimizers.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { nonNegativeInt, positiveInt, positiveNumber } from './flag-parsers.js';
import { checkCorpusFlag, loadCorpusFlag, runAndReport } from './run-and-report.js';
import { addRunFlags, scaleOf, type RunFlagValues } from './run-flags.js';
import type { OptimizerSpec, StabiliserSpec } from '../experiments/optimizers.js';

interface TrainFlags extends RunFlagValues {
  readonly model: 'cnn' | 'gru';
  readonly optimizer: string;
  readonly lr?: number;
  readonly stabiliser?: string;
  readonly seed: number;
  readonly epochs?: number;
  readonly steps?: number;
}

/** `parse(value)`, with a RangeError turned into a CliError naming `flag`. */
function flagValue<T>(flag: string, value: string, parse: (v: string) => T): T {
  try {
    return parse(value);
  } catch (e) {
    throw new CliError(`${flag} ${value}: ${(e as Error).message.replace(/^\w+: /, '')}`);
  }
}

/** Rejects flags that do not apply to the chosen model. */
function checkModelFlags(o: TrainFlags): void {
  const misplaced = o.model === 'cnn' ? [['--stabiliser', o.stabiliser], ['--steps', o.steps], ['--corpus', o.corpus]] : [['--epochs', o.epochs]];
  for (const [flag, value] of misplaced) {
    if (value !== undefined) throw new CliError(`${String(flag)} does not apply to --model ${o.model}; drop it or use --model ${o.model === 'cnn' ? 'gru' : 'cnn'}`);
  }
  if (o.model === 'cnn' && o.lr === undefined) {
    throw new CliError("--lr is required with --model cnn, e.g. --lr 0.001 ('stablegrad demo' searches a grid of rates)");
  }
}

/** The default report name: `train-<model>-<optimizer>[-<stabiliser>]` as a folder name. */
function defaultName(o: TrainFlags, stabiliser: StabiliserSpec | undefined): string {
  return ['train', o.model, o.optimizer, ...(stabiliser ? [stabiliser.name] : [])].join('-').replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The `train` subcommand. */
export function trainCommand(io: CliIo): Command {
  const command = new Command('train')
    .description('train one configuration and write its report: the MNIST CNN, or the GRU language model with a stabiliser')
    .addOption(new Option('--model <model>', 'cnn: the MNIST CNN; gru: the character-level GRU language model').choices(['cnn', 'gru']).makeOptionMandatory())
    .requiredOption('--optimizer <name>', `optimizer: ${Object.keys(OPTIMIZERS).join(', ')}`)
    .option('--lr <rate>', "learning rate (required for cnn; gru default: the largest rate of the configuration's sweep for the optimizer)", positiveNumber)
    .option('--stabiliser <spec>', 'gru only: none, clip-<t>, spectral, spectral-<s>, spectral+clip-<t> (default: none)')
    .option('--seed <n>', 'random seed of the initial weights and batches', nonNegativeInt, 1)
    .option('--epochs <n>', "cnn only: epochs (default: the configuration's)", positiveInt)
    .option('--steps <n>', "gru only: training steps (default: the configuration's)", positiveInt);
  return addRunFlags(command, 'train-<model>-<optimizer>[-<stabiliser>]').action(async (o: TrainFlags) => {
    checkModelFlags(o);
    const optimizer: OptimizerSpec = flagValue('--optimizer', o.optimizer, optimizerSpec);
    const stabiliser = o.model === 'gru' ? flagValue('--stabiliser', o.stabiliser ?? 'none', stabiliserSpec) : undefined;
    const scale = scaleOf(o);
    const flags = { ...o, name: o.name ?? defaultName(o, stabiliser) };
    await runAndReport(io, flags, command, async (options) => {
      if (!stabiliser) {
        const base = mnistConfig(scale);
        const config = {
          ...base,
          optimizers: [optimizer],
          lrGrid: { [optimizer.name]: [o.lr!] },
          maxGridExtensions: 0,
          seeds: [o.seed],
          tuningSeeds: [o.seed],
          epochs: o.epochs ?? base.epochs,
        };
        options.progress.extend(mnistPlannedSeconds(config));
        return { mnist: await runMnistExperiment(config, options) };
      }
      const corpus = await loadCorpusFlag(io.cwd, o.corpus);
      const base = gruConfig(scale, corpus, options.tfjsBackend);
      const lr = o.lr ?? base.lr[optimizer.name]?.at(-1);
      if (lr === undefined) throw new CliError(`--lr is required for optimizer '${optimizer.name}' with --model gru: the configuration has no rate for it`);
      const config = {
        ...base,
        optimizers: [optimizer],
        stabilisers: [stabiliser],
        seeds: [o.seed],
        lr: { [optimizer.name]: [lr] },
        steps: o.steps ?? base.steps,
        runsPerGroup: 1,
      };
      checkCorpusFlag(o.corpus, config, corpus);
      options.progress.extend(gruPlannedSeconds(config));
      return { gru: await runGruExperiment(config, corpus, options) };
    });
  });
}

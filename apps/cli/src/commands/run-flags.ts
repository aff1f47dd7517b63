/**
 * The flags `demo` and `train` share, declared once.
 *
 * @module
 */
import { Option, type Command } from 'commander';
import { DEFAULT_TFJS_BACKEND, TFJS_BACKENDS } from '../train/tfjs-backend.js';
import { reportName } from './flag-parsers.js';
import { DEFAULT_REPORTS_DIR } from './report-dir.js';
import { DEFAULT_STEP_BACKEND, STEP_BACKEND_CHOICES, type StepBackendChoice } from '../train/step-backend.js';
import { SCALES, type Scale } from '../experiments/scale.js';

/** The shared flags as commander parses them. */
export interface RunFlagValues {
  readonly quick?: boolean;
  readonly scale?: Scale;
  readonly name?: string;
  readonly out: string;
  readonly backend: StepBackendChoice;
  readonly tfjsBackend: string;
  readonly corpus?: string;
  readonly resume?: boolean;
}

/** The scale the flags ask for: `quick` with `--quick`, else `--scale`, else `default`. */
export function scaleOf(o: RunFlagValues): Scale {
  return o.quick ? 'quick' : (o.scale ?? 'default');
}

/** Adds `--quick`, `--scale`, `--name`, `--out`, `--backend`, `--tfjs-backend`, `--resume` and `--corpus` to `command`. */
export function addRunFlags(command: Command, defaultName: string): Command {
  return command
    .option('--quick', 'the small configuration (--scale quick): under 2 minutes on 2 cores')
    .addOption(
      new Option('--scale <scale>', 'quick: under 2 minutes; default: the papers\' MNIST setting and the GRU learning-rate sweep; paper: larger models, for a larger machine or a GPU')
        .choices(SCALES)
        .conflicts('quick'),
    )
    .option('--name <name>', `report name: the report goes to <out>/<name>/ (default: ${defaultName})`, reportName)
    .option('--out <dir>', 'folder that holds the reports, relative to the working directory', DEFAULT_REPORTS_DIR)
    .addOption(
      new Option('--backend <backend>', 'where the optimizer steps run (gradients always come from TensorFlow.js): auto is native when the addon loads, else tfjs')
        .choices(STEP_BACKEND_CHOICES)
        .default(DEFAULT_STEP_BACKEND),
    )
    .addOption(
      new Option('--tfjs-backend <name>', "TensorFlow.js backend for the models' gradients: auto is tensorflow when @tensorflow/tfjs-node is installed, else wasm")
        .choices(TFJS_BACKENDS)
        .default(DEFAULT_TFJS_BACKEND),
    )
    .option('--resume', 'continue the interrupted run kept in the report folder (same flags otherwise), keeping its finished runs')
    .option('--corpus <file-or-dir>', 'GRU text: a UTF-8 file, or a folder with the Penn Treebank files ptb.train.txt and ptb.valid.txt (default: Moby Dick, built in)');
}

/** `value` as a shell word, quoted when it holds anything but safe characters. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./^-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * The command line of `command` after parsing, as `stablegrad <name> <flags>`: the flags given on
 * the command line, with their parsed values, in the order the command declares them.
 */
export function commandLine(command: Command, leaveOut: readonly string[] = []): string {
  const words = ['stablegrad', command.name()];
  for (const option of command.options) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) !== 'cli' || option.long === undefined || leaveOut.includes(option.long)) continue;
    const value: unknown = command.getOptionValue(key);
    words.push(option.long, ...(value === true ? [] : [shellWord(String(value))]));
  }
  return words.join(' ');
}

/** Flags that say where a report goes or how its runs are spread over processes, not what they compute. */
const PLACEMENT_FLAGS = ['--name', '--out', '--resume', '--workers'];

/**
 * What a run computes, as the command line without the flags that only place the report: two runs
 * of the same fingerprint make the same runs, so one can resume the other.
 */
export function fingerprint(command: Command): string {
  return commandLine(command, PLACEMENT_FLAGS);
}

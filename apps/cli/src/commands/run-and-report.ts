/**
 * What `demo` and `train` share: check the backends and the output folder, run experiments
 * with progress, write the report, print where it is and its tables.
 *
 * @module
 */
import { resolve } from 'node:path';
import type { Corpus } from '../data/corpus.js';
import { loadCorpus } from '../data/corpus.js';
import { SUMMARY_FORMAT } from '../report/schema.js';
import { writeReport, type ReportFiles } from '../report/write-report.js';
import { checkStepBackend } from '../train/step-backend.js';
import { useTfjsBackend } from '../train/tfjs-backend.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { collectEnvironment } from './environment.js';
import { prepareReportDir } from './report-dir.js';
import { summaryOutput } from './summary-output.js';
import type { ExperimentOptions } from '../experiments/experiment-options.js';
import type { GruExperimentResult } from '../experiments/gru-result.js';
import type { MnistExperimentResult } from '../experiments/mnist-result.js';
import type { Summary } from '../report/schema.js';
import type { StepBackendId } from '../train/step-backend.js';

/** The flags `demo` and `train` share. */
export interface RunFlags {
  readonly name: string;
  readonly out: string;
  readonly backend: StepBackendId;
  readonly tfjsBackend: string;
  readonly corpus?: string;
}

/** The experiments of one report. */
export interface ExperimentResults {
  readonly mnist?: MnistExperimentResult;
  readonly gru?: GruExperimentResult;
}

/** The first line of an error's message. */
function reason(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0]!;
}

/**
 * Loads the corpus of `--corpus`, relative to `cwd` (the built-in text when absent).
 *
 * @throws CliError naming `--corpus` when it cannot be read
 */
export async function loadCorpusFlag(cwd: string, source: string | undefined): Promise<Corpus> {
  try {
    return await loadCorpus(source === undefined ? undefined : resolve(cwd, source));
  } catch (e) {
    const flag = source === undefined ? '--corpus (built-in text)' : `--corpus ${source}`;
    throw new CliError(`${flag}: ${reason(e)}; pass a text file, or a folder holding ptb.train.txt and ptb.valid.txt`);
  }
}

/**
 * Checks the output folder and the backends, runs `experiments` with a progress display, writes
 * the report to `<out>/<name>/` and prints where it is with its tables.
 *
 * @param commandLine - the command line recorded in the report
 * @returns the report's files
 */
export async function runAndReport(
  io: CliIo,
  flags: RunFlags,
  commandLine: string,
  experiments: (options: ExperimentOptions) => Promise<ExperimentResults>,
): Promise<ReportFiles> {
  const dir = await prepareReportDir(io.cwd, flags.out, flags.name);
  try {
    await useTfjsBackend(flags.tfjsBackend);
  } catch (e) {
    throw new CliError(`--tfjs-backend ${flags.tfjsBackend}: ${reason(e)}`);
  }
  try {
    await checkStepBackend(flags.backend);
  } catch (e) {
    throw new CliError(`--backend ${flags.backend}: unavailable here: ${reason(e)}`);
  }
  const started = performance.now();
  const createdAt = new Date().toISOString();
  const progress = io.progress();
  let results: ExperimentResults;
  try {
    results = await experiments({ backend: flags.backend, tfjsBackend: flags.tfjsBackend, progress });
  } finally {
    progress.close();
  }
  const summary: Summary = {
    format: SUMMARY_FORMAT,
    name: flags.name,
    command: commandLine,
    createdAt,
    seconds: (performance.now() - started) / 1000,
    environment: await collectEnvironment(flags.backend, flags.tfjsBackend),
    ...results,
  };
  const files = await writeReport(summary, dir);
  io.out(summaryOutput(summary, files));
  return files;
}

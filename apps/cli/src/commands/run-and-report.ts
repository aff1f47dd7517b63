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
import { resolveStepBackend, type ResolvedStepBackend, type StepBackendChoice } from '../train/step-backend.js';
import { useTfjsBackend, type ResolvedTfjsBackend } from '../train/tfjs-backend.js';
import { OverallProgress } from '../progress/overall-progress.js';
import { serialRunner } from '../experiments/run-tasks.js';
import { WorkerPool } from '../workers/worker-pool.js';
import type { Command } from 'commander';
import { checkCorpusFits } from '../experiments/gru.js';
import type { GruConfig } from '../experiments/gru-result.js';
import { RunInterrupted } from '../experiments/run-control.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { collectEnvironment } from './environment.js';
import { prepareReportDir } from './report-dir.js';
import { commandLine, fingerprint } from './run-flags.js';
import { openRunJournal } from './run-journal-file.js';
import { summaryOutput } from './summary-output.js';
import type { ExperimentOptions } from '../experiments/experiment-options.js';
import type { GruExperimentResult } from '../experiments/gru-result.js';
import type { MnistExperimentResult } from '../experiments/mnist-result.js';
import type { Summary } from '../report/schema.js';

/** The flags `demo` and `train` share. */
export interface RunFlags {
  readonly name: string;
  readonly out: string;
  readonly backend: StepBackendChoice;
  readonly tfjsBackend: string;
  readonly corpus?: string;
  readonly resume?: boolean;
  /** Worker processes that train runs at the same time (1: in this process). */
  readonly workers?: number;
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
 * Checks that the corpus of `--corpus` fits the GRU configuration, before any training.
 *
 * @throws CliError naming `--corpus` and what is needed
 */
export function checkCorpusFlag(source: string | undefined, config: GruConfig, corpus: Corpus): void {
  try {
    checkCorpusFits(config, corpus);
  } catch (e) {
    throw new CliError(`--corpus ${source ?? '(built-in text)'}: ${reason(e)}`);
  }
}

/**
 * Checks the output folder and the backends, runs `experiments` with one progress display for
 * the whole command, writes the report to `<out>/<name>/` and prints where it is with its tables.
 * The experiments declare their planned work on `options.progress` (`extend`) before they start,
 * so that the display can estimate the time left for all of it.
 *
 * Every finished run is kept in `<out>/<name>/runs.json` as it ends. On SIGINT or SIGTERM the run
 * in progress stops at its next step, the report folder is marked incomplete (`incomplete.md`) and
 * the command ends with 130 or 143 and a message saying how to continue; with `--resume` the same
 * command (on the same tfjs backend) keeps the finished runs and computes only the others, with
 * the results an uninterrupted run would have given.
 *
 * @param command - the parsed command: its command line is recorded in the report
 * @returns the report's files
 * @throws CliError for bad flags or folders, and when interrupted (exit code 130 or 143)
 */
export async function runAndReport(
  io: CliIo,
  flags: RunFlags,
  command: Command,
  experiments: (options: ExperimentOptions) => Promise<ExperimentResults>,
): Promise<ReportFiles> {
  const dir = await prepareReportDir(io.cwd, flags.out, flags.name);
  let tfjs: ResolvedTfjsBackend;
  try {
    tfjs = await useTfjsBackend(flags.tfjsBackend);
  } catch (e) {
    throw new CliError(`--tfjs-backend ${flags.tfjsBackend}: ${reason(e)}`);
  }
  let step: ResolvedStepBackend;
  try {
    step = await resolveStepBackend(flags.backend);
  } catch (e) {
    throw new CliError(`--backend ${flags.backend}: unavailable here: ${reason(e)}`);
  }
  const journal = await openRunJournal(dir, `${fingerprint(command)} [gradients on tfjs ${tfjs.name}, steps on ${step.id}]`, flags.resume ?? false);
  const started = performance.now();
  const createdAt = new Date().toISOString();
  const workers = flags.workers ?? 1;
  const sink = io.progress();
  const progress = new OverallProgress(sink, 0, flags.name, workers);
  progress.log(`gradients on tfjs ${tfjs.name} (${tfjs.reason}), optimizer steps on ${step.id} (${step.reason})`);
  if (journal.resumed > 0) progress.log(`resuming: ${journal.resumed} finished runs kept from ${dir}`);
  const controller = new AbortController();
  const stopListening = io.onInterrupt((signal) => controller.abort(signal));
  const pool = workers > 1 ? new WorkerPool({ workers, onLog: (line) => progress.log(line) }) : undefined;
  if (pool) progress.log(`training in ${workers} worker processes`);
  let results: ExperimentResults;
  try {
    const runner = pool ?? serialRunner();
    results = await experiments({ backend: step.id, tfjsBackend: tfjs.name, progress, journal, signal: controller.signal, runner });
    progress.finish();
  } catch (e) {
    if (!(e instanceof RunInterrupted)) throw e;
    const resumeCommand = `${commandLine(command, ['--resume'])} --resume`;
    const message = await journal.markInterrupted(e.reason, resumeCommand);
    throw new CliError(message, e.reason === 'SIGTERM' ? 143 : 130);
  } finally {
    stopListening();
    await pool?.close();
    sink.close();
  }
  const summary: Summary = {
    format: SUMMARY_FORMAT,
    name: flags.name,
    command: commandLine(command),
    createdAt,
    seconds: (performance.now() - started) / 1000,
    environment: await collectEnvironment(step, tfjs),
    ...results,
  };
  const files = await writeReport(summary, dir);
  await journal.finish();
  io.out(summaryOutput(summary, files));
  return files;
}

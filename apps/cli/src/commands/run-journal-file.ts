/**
 * The finished runs of a report in progress, kept in `<report>/runs.json` so that an interrupted
 * `demo` or `train` loses nothing and `--resume` continues it.
 *
 * @module
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunJournal } from '../experiments/run-control.js';
import { writeFileAtomic } from '../report/atomic-write.js';
import { CliError } from './cli-error.js';

/** The `format` of `runs.json`. */
export const RUNS_FORMAT = 'stablegrad-runs/1';

/** What `runs.json` holds. */
interface RunsFile {
  readonly format: typeof RUNS_FORMAT;
  /** The command line that made the runs, without the flags that only say where the report goes. */
  readonly fingerprint: string;
  /** The finished runs, by key. */
  readonly runs: Record<string, unknown>;
  /** Set when the work was interrupted: what stopped it and how to continue. */
  readonly interrupted?: { readonly signal: string; readonly message: string };
}

/** A {@link RunJournal} kept in a report folder. */
export interface RunJournalFile extends RunJournal {
  /** The number of finished runs. */
  count(): number;
  /** The runs carried over from an interrupted run (0 for a fresh start). */
  readonly resumed: number;
  /** Records the interruption in `runs.json` and writes `incomplete.md`; returns the message. */
  markInterrupted(signal: string, resumeCommand: string): Promise<string>;
  /** Removes `runs.json` and `incomplete.md` once the report holds every run. */
  finish(): Promise<void>;
}

async function readRuns(path: string): Promise<RunsFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const json = JSON.parse(text) as Partial<RunsFile>;
  if (json.format !== RUNS_FORMAT || typeof json.fingerprint !== 'string' || typeof json.runs !== 'object' || json.runs === null) {
    throw new CliError(`${path}: not a ${RUNS_FORMAT} file; remove it or choose another --name`);
  }
  return json as RunsFile;
}

/**
 * Opens the run journal of the report folder `dir` for the command `fingerprint`.
 *
 * @param resume - continue the interrupted run kept in `dir` (it must exist and be of the same command)
 * @throws CliError when `dir` holds an interrupted run and `resume` is off (so that it is not
 * overwritten), when `resume` is on and there is nothing to resume, or when the kept runs are of
 * another command line
 */
export async function openRunJournal(dir: string, fingerprint: string, resume: boolean): Promise<RunJournalFile> {
  const path = join(dir, 'runs.json');
  const incomplete = join(dir, 'incomplete.md');
  const kept = await readRuns(path);
  if (kept && !resume) {
    throw new CliError(
      `${dir} holds ${Object.keys(kept.runs).length} finished runs of an interrupted run of '${kept.fingerprint}'; pass --resume to continue it, or --name to write another report`,
    );
  }
  if (!kept && resume) throw new CliError(`--resume: ${dir} holds no interrupted run (no runs.json)`);
  if (kept && kept.fingerprint !== fingerprint) {
    throw new CliError(`--resume: the runs in ${dir} are of '${kept.fingerprint}', not of '${fingerprint}'; resume with the same flags`);
  }
  const runs: Record<string, unknown> = { ...(kept?.runs ?? {}) };
  let interrupted: RunsFile['interrupted'];
  // Runs finish concurrently (worker processes): writes of runs.json are queued, one at a time,
  // each writing every run recorded so far, and the interruption once marked.
  let writes = Promise.resolve();
  const save = () => {
    const write = writes.then(() =>
      writeFileAtomic(path, `${JSON.stringify({ format: RUNS_FORMAT, fingerprint, runs, ...(interrupted ? { interrupted } : {}) } satisfies RunsFile)}\n`),
    );
    writes = write.catch(() => undefined);
    return write;
  };
  return {
    resumed: Object.keys(runs).length,
    find: (key) => (Object.hasOwn(runs, key) ? runs[key] : undefined),
    async record(key, run) {
      runs[key] = run;
      await save();
    },
    count: () => Object.keys(runs).length,
    async markInterrupted(signal, resumeCommand) {
      const message = `interrupted by ${signal} after ${Object.keys(runs).length} finished runs, kept in ${path}; continue with: ${resumeCommand}`;
      interrupted = { signal, message };
      await save();
      await writeFile(incomplete, `# Incomplete report\n\nThis report was ${message}\n`);
      return message;
    },
    async finish() {
      await writes;
      await rm(path, { force: true });
      await rm(incomplete, { force: true });
    },
  };
}

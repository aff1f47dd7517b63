import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { checkpoint, journaled } from '../experiments/run-control.js';
import type { ExperimentOptions } from '../experiments/experiment-options.js';
import { CliError } from './cli-error.js';
import { runAndReport } from './run-and-report.js';
import { addRunFlags, type RunFlagValues } from './run-flags.js';
import { captureIo, type CapturedIo } from './test-support/capture-io.js';

/** A parsed `demo`-like command with the run flags. */
function parsed(args: string[]): { command: Command; flags: RunFlagValues & { name: string } } {
  const command = addRunFlags(new Command('demo').exitOverride(), 'demo').action(() => {});
  command.parse(args, { from: 'user' });
  const o = command.opts<RunFlagValues>();
  return { command, flags: { ...o, name: o.name ?? 'demo' } };
}

/** Four runs through the journal; the run of index `interruptAt` is stopped by a SIGINT in its middle. */
function experiments(captured: CapturedIo, executed: number[], interruptAt?: number) {
  return async (options: ExperimentOptions) => {
    for (let k = 0; k < 4; k++) {
      await journaled(options, `run-${k}`, async () => {
        executed.push(k);
        if (k === interruptAt) {
          captured.interrupt('SIGINT');
          await checkpoint(options);
        }
        return { k, value: k * 1.5 };
      });
    }
    return {};
  };
}

describe('runAndReport', () => {
  it('keeps finished runs when interrupted, marks the report incomplete, and resumes with only the missing runs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sg-resume-'));
    const captured = captureIo(out);
    const executed: number[] = [];
    const first = parsed(['--out', out, '--name', 'r']);
    const error = await runAndReport(captured.io, first.flags, first.command, experiments(captured, executed, 2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(130);
    expect((error as CliError).message).toMatch(/^interrupted by SIGINT after 2 finished runs, kept in .*runs\.json; continue with: stablegrad demo --name r --out .* --resume$/);
    const dir = join(out, 'r');
    const kept = JSON.parse(readFileSync(join(dir, 'runs.json'), 'utf8'));
    expect(Object.keys(kept.runs)).toEqual(['run-0', 'run-1']);
    expect(kept.interrupted.signal).toBe('SIGINT');
    expect(readFileSync(join(dir, 'incomplete.md'), 'utf8')).toContain('--resume');
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);

    const again = parsed(['--out', out, '--name', 'r']);
    await expect(runAndReport(captured.io, again.flags, again.command, experiments(captured, executed))).rejects.toThrow(/pass --resume to continue it/);
    const other = parsed(['--out', out, '--name', 'r', '--resume', '--quick']);
    await expect(runAndReport(captured.io, other.flags, other.command, experiments(captured, executed))).rejects.toThrow(/resume with the same flags/);

    const resumed = parsed(['--out', out, '--name', 'r', '--resume']);
    await runAndReport(captured.io, resumed.flags, resumed.command, experiments(captured, executed));
    expect(executed).toEqual([0, 1, 2, 2, 3]);
    expect(existsSync(join(dir, 'runs.json'))).toBe(false);
    expect(existsSync(join(dir, 'incomplete.md'))).toBe(false);
    expect(existsSync(join(dir, 'summary.json'))).toBe(true);
  });

  it('refuses --resume where there is nothing to resume', async () => {
    const out = mkdtempSync(join(tmpdir(), 'sg-resume-'));
    const captured = captureIo(out);
    const { command, flags } = parsed(['--out', out, '--name', 'none', '--resume']);
    await expect(runAndReport(captured.io, flags, command, experiments(captured, []))).rejects.toThrow(/--resume: .* holds no interrupted run \(no runs\.json\)/);
  });
});

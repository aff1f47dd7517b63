/**
 * The `stablegrad` program: its subcommands and how errors end a run.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { benchCommand } from './bench-command.js';
import { CliError } from './cli-error.js';
import { processIo, type CliIo } from './cli-io.js';
import { conformanceCommand, exportOnnxCommand } from './delegated-commands.js';
import { demoCommand } from './demo-command.js';
import { trainCommand } from './train-command.js';

/**
 * The `stablegrad` program with its subcommands `demo`, `train`, `bench`, `conformance` and
 * `export-onnx`, writing through `io`. Parse errors throw commander's `CommanderError` (after
 * printing the message) instead of exiting the process; {@link runCli} turns them into exit codes.
 */
export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command('stablegrad')
    .description('SDProp, Adastand and the GRU spectral-norm constraint: experiments with an HTML report, benchmarks, conformance and ONNX export')
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const command of [demoCommand(io), trainCommand(io), benchCommand(io), conformanceCommand(io), exportOnnxCommand(io)]) {
    program.addCommand(command.configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError('(add --help for usage)').exitOverride());
  }
  return program;
}

/**
 * Runs `stablegrad` with `args` (the arguments after the program name).
 *
 * @returns the exit code: 0 success, 2 bad input, 1 an unexpected error; a delegated program's own code
 */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (e) {
    // Help and version end with 0; every parse error (bad flag value, unknown option) is bad input.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliError) {
      if (e.message) io.err(`stablegrad: ${e.message}\n`);
      return e.exitCode;
    }
    io.err(`stablegrad: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

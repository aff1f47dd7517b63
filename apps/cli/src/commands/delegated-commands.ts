/**
 * `stablegrad conformance` and `stablegrad export-onnx`: the programs of
 * `@stablegrad/conformance` and `@stablegrad/onnx`, with every argument passed on.
 *
 * @module
 */
import { Command } from 'commander';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { runPackageBin } from './package-bin.js';

/** A subcommand that hands its arguments (help included) to a package's program. */
function delegated(io: CliIo, name: string, description: string, target: { specifier: string; script: string; prefix: readonly string[] }): Command {
  return new Command(name)
    .description(description)
    .argument('[args...]', `arguments of the delegated program; '${name} --help' lists them`)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .action(async (args: string[]) => {
      const code = await runPackageBin(io, target.specifier, target.script, [...target.prefix, ...args]);
      if (code !== 0) throw new CliError('', code);
    });
}

/** `conformance`: `@stablegrad/conformance`'s suite over the registered backends. */
export function conformanceCommand(io: CliIo): Command {
  return delegated(io, 'conformance', 'check that every backend computes the same numbers as the references (the program of @stablegrad/conformance)', {
    specifier: '@stablegrad/conformance',
    script: 'cli.js',
    prefix: [],
  });
}

/** `export-onnx`: `@stablegrad/onnx`'s `export`, an optimizer step as an `.onnx` file. */
export function exportOnnxCommand(io: CliIo): Command {
  return delegated(io, 'export-onnx', 'write one optimizer step for a parameter set as an ONNX model (the export command of @stablegrad/onnx)', {
    specifier: '@stablegrad/onnx',
    script: 'cli/main.js',
    prefix: ['export'],
  });
}

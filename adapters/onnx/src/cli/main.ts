#!/usr/bin/env node
/**
 * `stablegrad-onnx`: export an optimizer step as an `.onnx` file, describe one, check one against
 * vector files.
 *
 * ```sh
 * stablegrad-onnx export --rule sdprop --param w:3x5 --param b:7 -o step.onnx
 * stablegrad-onnx inspect step.onnx
 * stablegrad-onnx check step.onnx --vectors reference-seed11.json
 * ```
 *
 * Exit codes: 0 success, 1 a check failed, 2 bad input, 3 `check` checked nothing (no set fits the
 * model; `--allow-skip` accepts that).
 *
 * @module
 */
import { parseDecimal } from '@stablegrad/core';
import { Command, InvalidArgumentError } from 'commander';
import { checkCommand, exportCommand, inspectCommand } from './commands.js';

function positiveNumber(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a finite decimal number > 0, such as 1 or 0.5');
  return n;
}

function positiveInt(value: string): number {
  const n = parseDecimal(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const print = (line: string): void => console.log(line);
let code = 0;

const program = new Command()
  .name('stablegrad-onnx')
  .description('stablegrad optimizer steps as standard ONNX models')
  .showHelpAfterError();

program
  .command('export')
  .description('write one optimizer step for a parameter set as an ONNX model')
  .requiredOption('--rule <id>', 'rule: sgd, rmsprop, adam, sdprop or adastand')
  .requiredOption('--param <name:dims>', 'a parameter and its shape, e.g. w:3x5 or b:7 (repeat for each)', collect)
  .option('--hyper <key=value>', 'a hyperparameter, e.g. lr=0.01 or biasCorrection=false (repeatable)', collect)
  .option('--dtype <dtype>', 'float32 or float64', 'float32')
  .option('--clip-by-global-norm <maxNorm>', 'clip the gradients by their global norm inside the model', positiveNumber)
  .requiredOption('-o, --out <file>', 'the .onnx file to write')
  .action(async (o: { rule: string; param: string[]; hyper?: string[]; dtype: string; clipByGlobalNorm?: number; out: string }) => {
    code = await exportCommand(o, print);
  });

program
  .command('inspect')
  .description("print a step model's inputs, outputs, per-step scalars and program")
  .argument('<model>', 'an .onnx file written by export')
  .option('--steps <n>', 'show the scalar values of the first n steps', positiveInt, 3)
  .action(async (model: string, o: { steps: number }) => {
    code = await inspectCommand(model, o.steps, print);
  });

program
  .command('check')
  .description('run a step model on the optimizer sets of stablegrad-vectors/1 files and compare')
  .argument('<model>', 'an .onnx file written by export')
  .requiredOption('--vectors <files...>', 'vector files')
  .option('--report-json <file>', 'write the results as JSON')
  .option('--allow-skip', 'exit 0 even when no set fits the model (otherwise a check that checked nothing exits 3)')
  .action(async (model: string, o: { vectors: string[]; reportJson?: string; allowSkip?: boolean }) => {
    code = await checkCommand(model, o.vectors, o.reportJson, print, o.allowSkip ?? false);
  });

program.parseAsync().then(
  () => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`stablegrad-onnx: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../bench/run-bench.js';
import { runCli } from './program.js';
import { captureIo } from './test-support/capture-io.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-cli-'));

async function run(args: string[], cwd = tmp()) {
  const c = captureIo(cwd);
  const code = await runCli(args, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr(), progress: c.progress, cwd };
}

describe('stablegrad', () => {
  it('lists its five subcommands in the help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['demo', 'train', 'bench', 'conformance', 'export-onnx']) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('documents every flag of demo', async () => {
    const r = await run(['demo', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--quick', '--scale <scale>', '--workers <n>', '--name <name>', '--out <dir>', '--backend <backend>', '--tfjs-backend <name>', '--corpus <file-or-dir>']) {
      expect(r.stdout).toMatch(new RegExp(`${flag.replace(/[<>]/g, '.')}\\s+\\S`));
    }
  });
});

describe('stablegrad bench', () => {
  it('prints the table and writes the JSON with a row per cell', async () => {
    const r = await run(['bench', '--backends', 'js', '--rules', 'sgd,adam', '--sizes', '16', '--out', 'out/bench.json']);
    expect(r.stderr).not.toContain('stablegrad:');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backend\s+rule\s+params/);
    expect(r.stdout).toMatch(/^js\s+sgd\s+2\^16\s/m);
    const json = JSON.parse(readFileSync(join(r.cwd, 'out/bench.json'), 'utf8')) as BenchResult;
    expect(json.rows.map((x) => [x.backend, x.rule, x.n])).toEqual([
      ['js', 'sgd', 65536],
      ['js', 'adam', 65536],
    ]);
    expect(r.progress[0]?.started).toEqual([{ label: 'benchmark', total: 2 }]);
  });

  it('refuses a bad size, naming the flag and what it expects', async () => {
    const r = await run(['bench', '--sizes', '16,x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--sizes <exponents>' argument '16,x' is invalid");
    expect(r.stderr).toContain('expected exponents of 2 from 4 to 30');
  });

  it('refuses an unknown backend, listing the registered ones', async () => {
    const r = await run(['bench', '--backends', 'js,gpu', '--sizes', '16']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stablegrad: --backends: unknown 'gpu'; expected some of reference-f64, reference-f32, js, tfjs-cpu/);
  });
});

describe('stablegrad demo and train: input checked before any training', () => {
  it('refuses an unknown tfjs backend with the choices', async () => {
    const r = await run(['demo', '--tfjs-backend', 'webgl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--tfjs-backend <name>' argument 'webgl' is invalid. Allowed choices are auto, tensorflow, wasm, cpu.");
  });

  it('refuses an unknown scale, and --quick with another scale', async () => {
    const unknown = await run(['demo', '--scale', 'huge']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("option '--scale <scale>' argument 'huge' is invalid. Allowed choices are quick, default, paper.");
    const both = await run(['demo', '--quick', '--scale', 'paper']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/option '--scale <scale>' cannot be used with option '--quick'/);
  });

  it('refuses a number of workers that is not a positive integer', async () => {
    const r = await run(['demo', '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--workers <n>' argument '0' is invalid. expected an integer >= 1");
  });

  it('refuses a report name that is not one folder', async () => {
    const r = await run(['demo', '--name', '../x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--name <name>' argument '../x' is invalid");
  });

  it('says when the output folder cannot be written', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'file'), '');
    const r = await run(['demo', '--quick', '--out', 'file'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^stablegrad: --out file: cannot write the report folder .*file[/\\]demo-quick \(\w+\); pass --out with a writable directory/);
  });

  it('names the optimizers when --optimizer is unknown', async () => {
    const r = await run(['train', '--model', 'gru', '--optimizer', 'lion']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stablegrad: --optimizer lion: unknown optimizer 'lion'; expected one of sdprop, adastand, adam, rmsprop, sgd-momentum, sgd");
  });

  it('names --stabiliser and its forms when it cannot be read', async () => {
    const r = await run(['train', '--model', 'gru', '--optimizer', 'sgd', '--stabiliser', 'clip']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("stablegrad: --stabiliser clip: cannot read 'clip'; expected none, clip-<n>, spectral");
  });

  it('refuses flags of the other model', async () => {
    const r = await run(['train', '--model', 'cnn', '--optimizer', 'adam', '--lr', '0.01', '--stabiliser', 'spectral']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stablegrad: --stabiliser does not apply to --model cnn');
  });

  it('asks for --lr with the CNN', async () => {
    const r = await run(['train', '--model', 'cnn', '--optimizer', 'adam']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stablegrad: --lr is required with --model cnn');
  });

  it('refuses a learning rate that is not a positive number', async () => {
    const r = await run(['train', '--model', 'cnn', '--optimizer', 'adam', '--lr', '-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--lr <rate>' argument '-1' is invalid. expected a finite decimal number > 0");
    const hex = await run(['train', '--model', 'cnn', '--optimizer', 'adam', '--lr', '0x10']);
    expect(hex.code).toBe(2);
    expect(hex.stderr).toContain("argument '0x10' is invalid. expected a finite decimal number > 0");
  });

  it('refuses a binary corpus and one too short for a sequence, naming --corpus, with no stack trace', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'bin.dat'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x41, 0x42]));
    writeFileSync(join(cwd, 'tiny.txt'), 'abc');
    const binary = await run(['train', '--model', 'gru', '--optimizer', 'adam', '--corpus', 'bin.dat', '--steps', '1'], cwd);
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/^stablegrad: --corpus bin.dat: source: the text .*bin\.dat is not text \(control character U\+007F at offset 0\)/);
    const tiny = await run(['train', '--model', 'gru', '--optimizer', 'adam', '--corpus', 'tiny.txt', '--steps', '1'], cwd);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toContain("stablegrad: --corpus tiny.txt: the corpus 'tiny.txt' has 2 training and 1 validation characters; the GRU experiment needs at least 33 of each");
    expect(tiny.stderr).not.toContain('    at ');
  });
});

describe('stablegrad conformance and export-onnx', () => {
  it('runs the conformance suite with the arguments given', async () => {
    const r = await run(['conformance', '--backends', 'js']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
  });

  it('exports a step model as an .onnx file', async () => {
    const r = await run(['export-onnx', '--rule', 'sdprop', '--param', 'w:3x5', '-o', 'step.onnx']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote step.onnx');
    expect(existsSync(join(r.cwd, 'step.onnx'))).toBe(true);
  });

  it("passes on the delegated program's exit code and message", async () => {
    const r = await run(['export-onnx', '--rule', 'lion', '--param', 'w:3', '-o', 'step.onnx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lion');
    expect(existsSync(join(r.cwd, 'step.onnx'))).toBe(false);
  });
});

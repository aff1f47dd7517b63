/**
 * What the `stablegrad-onnx` subcommands do, apart from reading the command line.
 *
 * @module
 */
import { readFile, writeFile } from 'node:fs/promises';
import { builtinRules, getRule, type DType } from '@stablegrad/core';
import { checkExportedModel, type ExportedModelCheckRow } from '../check/check-exported-model.js';
import { exportStepModel } from '../export/export-step-model.js';
import { PROGRAM_KEY, readStepModel } from '../graph/metadata.js';
import { parseHyper, parseParam } from './parse.js';

/** Where a command writes its report (one line per call). */
export type Print = (line: string) => void;

/** Options of {@link exportCommand}. */
export interface ExportCommandOptions {
  /** Rule id. */
  readonly rule: string;
  /** `NAME:DIMS` specs. */
  readonly param: readonly string[];
  /** `KEY=VALUE` specs. */
  readonly hyper?: readonly string[];
  /** `float32` or `float64`. */
  readonly dtype?: string;
  /** `maxNorm` of in-graph clipping. */
  readonly clipByGlobalNorm?: number;
  /** Output file. */
  readonly out: string;
}

/**
 * `export`: writes the step model of a built-in rule for the given parameters.
 *
 * @returns the exit code (0)
 */
export async function exportCommand(o: ExportCommandOptions, print: Print): Promise<number> {
  const paramShapes: Record<string, number[]> = {};
  for (const spec of o.param) {
    const [name, shape] = parseParam(spec);
    if (name in paramShapes) throw new RangeError(`--param ${spec}: parameter '${name}' is given twice`);
    paramShapes[name] = shape;
  }
  const hyper = Object.fromEntries((o.hyper ?? []).map(parseHyper));
  const bytes = exportStepModel(o.rule, paramShapes, {
    hyper,
    dtype: (o.dtype ?? 'float32') as DType,
    ...(o.clipByGlobalNorm !== undefined ? { clipByGlobalNorm: o.clipByGlobalNorm } : {}),
  });
  await writeFile(o.out, bytes);
  print(`wrote ${o.out} (${bytes.length} bytes): ${o.rule} step for ${Object.keys(paramShapes).join(', ')}`);
  return 0;
}

/**
 * `inspect`: prints what a step model reads and writes, the per-step scalar values of the first
 * `steps` steps (for built-in rules), and its program.
 *
 * @returns the exit code (0)
 */
export async function inspectCommand(file: string, steps: number, print: Print): Promise<number> {
  const { metadata, model } = readStepModel(await readFile(file));
  const { layout } = metadata;
  const hyper = Object.entries(metadata.hyper).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  print(`${file}: ${metadata.rule} (${hyper}), ${layout.dtype}, opset ${String(model.opsetImport[0]?.version)}, IR ${String(model.irVersion)}`);
  if (metadata.clipByGlobalNorm !== undefined) {
    print(`clips gradients by global norm ${metadata.clipByGlobalNorm}; output ${layout.globalNorm} (float64, shape []) is the norm before clipping`);
  }
  print('parameters (inputs -> outputs):');
  for (const p of layout.params) {
    const ins = [p.param, p.grad, ...Object.values(p.slots)].join(', ');
    const outs = [p.newParam, ...Object.values(p.newSlots)].join(', ');
    print(`  ${p.name} [${p.shape.join(', ')}]: ${ins} -> ${outs}`);
  }
  print(`per-step scalars (inputs of shape [], ${layout.dtype}):`);
  const rule = Object.hasOwn(builtinRules, metadata.rule) ? getRule(metadata.rule) : undefined;
  const values = rule ? Array.from({ length: steps }, (_, i) => rule.scalars(rule.resolve(metadata.hyper), i + 1)) : [];
  for (const [k, name] of Object.entries(layout.scalars)) {
    const shown = values.map((v, i) => `t=${i + 1}: ${String(v[k])}`).join('  ');
    print(`  ${name} (${k})${rule ? `  ${shown}` : ''}`);
  }
  if (!rule) print(`  (rule '${metadata.rule}' is not built in: its scalars(hyper, t) gives the values)`);
  const program = model.metadataProps.find((p) => p.key === PROGRAM_KEY)?.value;
  if (program) print(program);
  return 0;
}

function row(r: ExportedModelCheckRow): string {
  const worst = r.worst === undefined ? '' : `worst ${r.worst === 0 ? '0' : r.worst.toPrecision(3)}`;
  const ulp = r.maxUlp === undefined ? '' : `${r.maxUlp} ulp from reference`;
  return [r.set.padEnd(9), (r.rule ?? '').padEnd(9), (r.dtype ?? '').padEnd(8), r.status.padEnd(8), worst.padEnd(14), ulp.padEnd(22), r.reason ?? '']
    .join(' ')
    .trimEnd();
}

/**
 * `check`: runs a step model against vector files and prints a row per set.
 *
 * @param allowSkip - return 0 when no set fits the model (otherwise 3: nothing was checked)
 * @returns 0 when nothing failed and the model has no structural problem, 1 otherwise; 3 when no
 * set was checked and `allowSkip` is off
 */
export async function checkCommand(
  file: string,
  vectorFiles: readonly string[],
  reportJson: string | undefined,
  print: Print,
  allowSkip = false,
): Promise<number> {
  const bytes = await readFile(file);
  const reports = [];
  let failed = false;
  let checked = 0;
  for (const path of vectorFiles) {
    const json = JSON.parse(await readFile(path, 'utf8')) as unknown;
    const r = checkExportedModel(bytes, json);
    if (reports.length === 0) {
      for (const p of r.problems) print(`model problem: ${p}`);
      failed ||= r.problems.length > 0;
    }
    print(`${path}:`);
    for (const x of r.rows) print(`  ${row(x)}`);
    const count = (s: string): number => r.rows.filter((x) => x.status === s).length;
    print(`  ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
    failed ||= count('failed') > 0;
    checked += count('passed') + count('failed');
    reports.push({ vectors: path, problems: r.problems, results: r.rows });
  }
  if (reportJson) await writeFile(reportJson, `${JSON.stringify({ model: file, reports }, null, 2)}\n`);
  if (failed) return 1;
  if (checked === 0 && !allowSkip) {
    print('nothing was checked: no optimizer set fits this model (its rule, hyperparameters, shapes and dtype); pass --allow-skip to accept that');
    return 3;
  }
  return 0;
}

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELDOUT_VECTORS } from '@stablegrad/conformance/data';
import { describe, expect, it } from 'vitest';
import { readStepModel } from '../graph/metadata.js';
import { checkCommand, exportCommand, inspectCommand } from './commands.js';

const dir = mkdtempSync(join(tmpdir(), 'stablegrad-onnx-'));
const heldOut = HELDOUT_VECTORS;

function capture(): { print: (line: string) => void; text: () => string } {
  const lines: string[] = [];
  return { print: (l) => lines.push(l), text: () => lines.join('\n') };
}

describe('stablegrad-onnx commands', () => {
  it('export writes a model for the given rule, parameters and hyperparameters; inspect describes it', async () => {
    const out = join(dir, 'step.onnx');
    const log = capture();
    const code = await exportCommand({ rule: 'sdprop', param: ['w:3x5', 'b:7'], hyper: ['lr=0.01', 'biasCorrection=false'], dtype: 'float64', out }, log.print);
    expect(code).toBe(0);
    expect(log.text()).toMatch(/^wrote .*step\.onnx \(\d+ bytes\): sdprop step for w, b$/);
    const { metadata } = readStepModel(readFileSync(out));
    expect(metadata.hyper).toMatchObject({ lr: 0.01, biasCorrection: false });
    expect(metadata.layout.dtype).toBe('float64');
    const shown = capture();
    expect(await inspectCommand(out, 2, shown.print)).toBe(0);
    expect(shown.text()).toContain('sdprop (lr=0.01, gamma=0.99, eps=1e-8, biasCorrection=false), float64, opset 13, IR 7');
    expect(shown.text()).toContain('  w [3, 5]: w, w__grad, w__mu, w__c -> w__new, w__mu__new, w__c__new');
    expect(shown.text()).toContain('  scalar__lrT (lrT)  t=1: 0.01  t=2: 0.01');
    expect(shown.text()).toContain('%21 = sub %0, %20');
  });

  it('export refuses a parameter given twice', async () => {
    await expect(exportCommand({ rule: 'sgd', param: ['w:2', 'w:3'], out: join(dir, 'x.onnx') }, () => {})).rejects.toThrow("--param w:3: parameter 'w' is given twice");
  });

  it('check runs the matching sets, prints a row per set and fails only on a failure', async () => {
    const out = join(dir, 'adastand.onnx');
    await exportCommand({ rule: 'adastand', param: ['layer.0/kernel:4x6', 'bias:6', 'gain:scalar'], hyper: ['lr=0.002', 'beta1=0.8', 'beta2=0.99'], out }, () => {});
    const log = capture();
    const report = join(dir, 'report.json');
    expect(await checkCommand(out, [heldOut], report, log.print)).toBe(0);
    expect(log.text()).toMatch(/sets\[11\]\s+adastand\s+float32\s+passed\s+worst 0\s+0 ulp from reference/);
    expect(log.text()).toContain('2 passed, 0 failed, 10 skipped');
    const json = JSON.parse(readFileSync(report, 'utf8'));
    expect(json.reports[0].results).toHaveLength(12);
  });

  it('check exits 3 when no set fits the model, unless told that is fine', async () => {
    const out = join(dir, 'other-shapes.onnx');
    await exportCommand({ rule: 'sdprop', param: ['w:9x9'], out }, () => {});
    const log = capture();
    expect(await checkCommand(out, [heldOut], undefined, log.print)).toBe(3);
    expect(log.text()).toContain('0 passed, 0 failed, 12 skipped');
    expect(log.text()).toContain('nothing was checked: no optimizer set fits this model');
    expect(await checkCommand(out, [heldOut], undefined, () => {}, true)).toBe(0);
  });
});

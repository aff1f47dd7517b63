import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStepModel } from '../graph/metadata.js';
import { exportCommand, inspectCommand } from './commands.js';

const dir = mkdtempSync(join(tmpdir(), 'stablegrad-onnx-'));

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
});

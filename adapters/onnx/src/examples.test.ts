import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkModel } from './graph/check-model.js';
import { readStepModel } from './graph/metadata.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('examples/train-sdprop.mjs (against the built package)', () => {
  it('trains the toy model and exports a valid step model', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stablegrad-onnx-example-')), 'step.onnx');
    const log = execFileSync(process.execPath, [join(root, 'examples/train-sdprop.mjs'), out], { cwd: root, encoding: 'utf8' });
    const losses = [...log.matchAll(/loss (\S+),/g)].map((m) => Number(m[1]));
    expect(losses.length).toBeGreaterThanOrEqual(3);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 1000);
    const bytes = readFileSync(out);
    expect(checkModel(bytes)).toEqual([]);
    expect(readStepModel(bytes).metadata).toMatchObject({ rule: 'sdprop', clipByGlobalNorm: 5, hyper: { lr: 0.02, gamma: 0.9 } });
  });
});

import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { corpusFromText } from '../data/corpus.js';
import { recordingProgress } from '../train/test-support/quiet-progress.js';
import { OPTIMIZERS, stabiliserSpec } from './optimizers.js';
import { gruConfig, runGruExperiment, runGruOnce } from './gru.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { GruConfig } from './gru-result.js';

const corpus = corpusFromText('tiny', 'the quick brown fox jumps over the lazy dog. '.repeat(40));
const tiny: GruConfig = {
  ...gruConfig('quick', corpus),
  units: 6,
  seqLength: 8,
  batchSize: 4,
  steps: 6,
  evalEvery: 4,
  lr: { sgd: 0.5, adam: 0.05 },
  optimizers: [OPTIMIZERS.sgd!, OPTIMIZERS.adam!],
  stabilisers: ['none', 'spectral+clip-1'].map(stabiliserSpec),
};
const options = (): ExperimentOptions => ({ backend: 'tfjs', tfjsBackend: 'wasm', progress: recordingProgress() });

describe('gruConfig', () => {
  it('crosses SGD, SDProp and Adam with every kind of stabiliser in both modes', () => {
    for (const mode of ['full', 'quick'] as const) {
      const c = gruConfig(mode, corpus);
      expect(c.optimizers.map((o) => o.name)).toEqual(['sgd', 'sdprop', 'adam']);
      for (const o of c.optimizers) expect(c.lr[o.name]).toBeGreaterThan(0);
      const kinds = new Set(c.stabilisers.map((s) => `${s.clipNorm !== undefined}/${s.spectralBound !== undefined}`));
      expect(kinds).toEqual(new Set(['false/false', 'true/false', 'false/true', 'true/true']));
      expect(c.stabilisers.find((s) => s.name === 'spectral')!.spectralBound).toBe(1.8);
      expect(c.corpus).toEqual({ name: 'tiny', characters: corpus.train.length, vocabulary: corpus.vocabulary.length, validationCharacters: corpus.validation.length });
    }
  });
});

describe('runGruOnce', () => {
  it('records every step and validation, and is reproduced exactly by its seed', async () => {
    const progress = recordingProgress();
    const spec = stabiliserSpec('spectral-0.5+clip-1');
    const a = await runGruOnce(tiny, corpus, OPTIMIZERS.adam!, spec, 2, { ...options(), progress });
    const b = await runGruOnce(tiny, corpus, OPTIMIZERS.adam!, spec, 2, options());
    expect(a.loss).toHaveLength(6);
    expect(a.gradNorm.every((g) => g !== null && g > 0)).toBe(true);
    expect(a.spectralNorm.every((s) => s !== null && s <= 0.5 * (1 + 1e-5))).toBe(true);
    expect(a.validation.map((v) => v.step)).toEqual([4, 6]);
    expect(a.finalValidationLoss).toBe(a.validation[1]!.loss);
    expect(a.finalValidationPerplexity).toBeCloseTo(Math.exp(a.finalValidationLoss!), 10);
    expect(a.diverged).toBe(false);
    expect(a.lr).toBe(0.05);
    expect(progress.started).toEqual([{ label: 'gru adam/spectral-0.5+clip-1 seed=2', total: 6, ticks: 6, stopped: true }]);
    const strip = ({ msPerStep: _a, msPerStepOptimizer: _b, msPerStepConstraint: _c, ...rest }: typeof a) => rest;
    expect(strip(b)).toEqual(strip(a));
  });

  it('stops a run whose loss is not finite, recording the explosion', async () => {
    const progress = recordingProgress();
    const r = await runGruOnce({ ...tiny, lr: { sgd: 3e38 } }, corpus, OPTIMIZERS.sgd!, stabiliserSpec('none'), 1, { ...options(), progress });
    expect(r.diverged).toBe(true);
    expect(r.loss.length).toBeLessThan(6);
    expect(r.loss.at(-1)).toBeNull();
    expect(r.explosions.at(-1)).toEqual({ step: r.loss.length, kind: 'non-finite', loss: null });
    expect(r.finalValidationLoss).toBeNull();
    expect(r.finalValidationPerplexity).toBeNull();
    expect(progress.lines.at(-1)).toMatch(/non-finite loss; run stopped at step/);
  });

  it('needs a learning rate for the optimizer', async () => {
    await expect(runGruOnce(tiny, corpus, OPTIMIZERS.sdprop!, stabiliserSpec('none'), 1, options())).rejects.toThrow(
      /config.lr: no learning rate for optimizer 'sdprop'/,
    );
  });
});

describe('runGruExperiment', () => {
  it('crosses every optimizer with every stabiliser and seed', async () => {
    const r = await runGruExperiment(tiny, corpus, options());
    expect(r.runs.map((x) => `${x.optimizer}/${x.stabiliser}`)).toEqual(['sgd/none', 'sgd/spectral+clip-1', 'adam/none', 'adam/spectral+clip-1']);
    expect(r.runs[1]!.msPerStepConstraint).toBeGreaterThan(0);
    expect(r.runs[0]!.msPerStepConstraint).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import '../train/test-support/tfjs.js';
import { corpusFromText } from '../data/corpus.js';
import { recordingProgress } from '../train/test-support/quiet-progress.js';
import { OPTIMIZERS, stabiliserSpec } from './optimizers.js';
import { gruConfig, gruGroupsOf, gruRunSpecs, runGruExperiment, runGruGroup, runGruOnce } from './gru.js';
import type { RunJournal } from './run-control.js';
import type { ExperimentOptions } from './experiment-options.js';
import type { GruConfig, GruRun } from './gru-result.js';

const corpus = corpusFromText('tiny', 'the quick brown fox jumps over the lazy dog. '.repeat(40));
const tiny: GruConfig = {
  ...gruConfig('quick', corpus),
  units: 6,
  seqLength: 8,
  batchSize: 4,
  steps: 6,
  evalEvery: 4,
  seeds: [1],
  lr: { sgd: [0.5], adam: [0.02, 0.05] },
  optimizers: [OPTIMIZERS.sgd!, OPTIMIZERS.adam!],
  stabilisers: ['none', 'spectral+clip-1'].map(stabiliserSpec),
  runsPerGroup: 4,
};
const options = (): ExperimentOptions => ({ backend: 'tfjs', tfjsBackend: 'wasm', progress: recordingProgress() });
const spec = (optimizer: string, lr: number, stabiliser: string, seed: number) => ({ optimizer: OPTIMIZERS[optimizer]!, lr, stabiliser: stabiliserSpec(stabiliser), seed });
/** A run without its timings, which differ from one computation to the next. */
const figures = ({ msPerStep: _a, msPerStepGradients: _b, msPerStepOptimizer: _c, msPerStepConstraint: _d, ...rest }: GruRun) => rest;

describe('gruConfig', () => {
  it('crosses SGD, SDProp and Adam, each over a sweep of rates, with every kind of stabiliser at every scale', () => {
    for (const scale of ['quick', 'default', 'paper'] as const) {
      const c = gruConfig(scale, corpus);
      expect(c.optimizers.map((o) => o.name)).toEqual(['sgd', 'sdprop', 'adam']);
      for (const o of c.optimizers) {
        const rates = c.lr[o.name]!;
        expect(rates.length).toBeGreaterThanOrEqual(scale === 'quick' ? 2 : 3);
        expect([...rates].sort((a, b) => a - b)).toEqual(rates);
      }
      const kinds = new Set(c.stabilisers.map((s) => `${s.clipNorm !== undefined}/${s.spectralBound !== undefined}`));
      expect(kinds).toEqual(new Set(['false/false', 'true/false', 'false/true', 'true/true']));
      expect(c.stabilisers.find((s) => s.name === 'spectral')!.spectralBound).toBe(1.8);
      expect(c.corpus).toEqual({ name: 'tiny', characters: corpus.train.length, vocabulary: corpus.vocabulary.length, validationCharacters: corpus.validation.length });
    }
    const d = gruConfig('default', corpus);
    expect([d.units >= 64, d.seqLength >= 32, d.steps >= 600, d.seeds.length >= 3]).toEqual([true, true, true, true]);
    const p = gruConfig('paper', corpus);
    expect([p.units >= 256, p.seqLength >= 100, p.steps >= 2000]).toEqual([true, true, true]);
    expect(() => gruConfig('huge' as 'paper', corpus)).toThrow(/scale: expected one of quick, default, paper/);
  });
});

describe('gruRunSpecs and gruGroupsOf', () => {
  it('order the runs seed, optimizer, rate, stabiliser, and cut them into groups', () => {
    const specs = gruRunSpecs({ ...tiny, seeds: [1, 2] });
    expect(specs.map((s) => `${s.seed} ${s.optimizer.name} ${s.lr} ${s.stabiliser.name}`).slice(0, 7)).toEqual([
      '1 sgd 0.5 none',
      '1 sgd 0.5 spectral+clip-1',
      '1 adam 0.02 none',
      '1 adam 0.02 spectral+clip-1',
      '1 adam 0.05 none',
      '1 adam 0.05 spectral+clip-1',
      '2 sgd 0.5 none',
    ]);
    expect(gruGroupsOf({ ...tiny, seeds: [1, 2] }).map((g) => g.length)).toEqual([4, 4, 4]);
    expect(() => gruRunSpecs({ ...tiny, lr: { sgd: [0.5] } })).toThrow(/config.lr: no learning rate for optimizer 'adam'/);
  });
});

describe('runGruOnce', () => {
  it('records every step and validation, and is reproduced exactly by its seed', async () => {
    const progress = recordingProgress();
    const s = spec('adam', 0.05, 'spectral-0.5+clip-1', 2);
    const a = await runGruOnce(tiny, corpus, s, { ...options(), progress });
    const b = await runGruOnce(tiny, corpus, s, options());
    expect(a.loss).toHaveLength(6);
    expect(a.gradNorm.every((g) => g !== null && g > 0)).toBe(true);
    expect(a.spectralNorm.every((x) => x !== null && x <= 0.5 * (1 + 1e-5))).toBe(true);
    expect(a.validation.map((v) => v.step)).toEqual([4, 6]);
    expect(a.finalValidationLoss).toBe(a.validation[1]!.loss);
    expect(a.finalValidationPerplexity).toBeCloseTo(Math.exp(a.finalValidationLoss!), 10);
    expect([a.diverged, a.lr, a.groupSize]).toEqual([false, 0.05, 1]);
    expect(a.msPerStepConstraint).toBeGreaterThan(0);
    expect(progress.started).toEqual([{ label: 'gru adam lr=0.05 spectral-0.5+clip-1 seed=2 (1 runs)', total: 6, ticks: 6, stopped: true }]);
    expect(figures(b)).toEqual(figures(a));
  });

  it('stops a run whose loss is not finite, recording the explosion', async () => {
    const progress = recordingProgress();
    const r = await runGruOnce(tiny, corpus, spec('sgd', 3e38, 'none', 1), { ...options(), progress });
    expect(r.diverged).toBe(true);
    expect(r.loss.length).toBeLessThan(6);
    expect(r.loss.at(-1)).toBeNull();
    expect(r.explosions.at(-1)).toEqual({ step: r.loss.length, kind: 'non-finite', loss: null });
    expect(r.finalValidationLoss).toBeNull();
    expect(r.finalValidationPerplexity).toBeNull();
    expect(progress.lines).toContainEqual(expect.stringMatching(/non-finite loss at step \d; run stopped/));
  });
});

describe('runGruGroup', () => {
  it("gives each run of a group the figures it has alone, and lets a diverging run stop without the others", async () => {
    const specs = [spec('adam', 0.05, 'none', 1), spec('sgd', 3e38, 'none', 2), spec('sgd', 0.5, 'spectral+clip-1', 3)];
    const together = await runGruGroup(tiny, corpus, specs, options());
    expect(together.map((r) => [r.diverged, r.groupSize])).toEqual([[false, 3], [true, 3], [false, 3]]);
    for (const k of [0, 2]) {
      const alone = await runGruOnce(tiny, corpus, specs[k]!, options());
      alone.loss.forEach((l, i) => expect(l, `run ${k} step ${i + 1}`).toBeCloseTo(together[k]!.loss[i]!, 4));
      expect(alone.finalValidationLoss!).toBeCloseTo(together[k]!.finalValidationLoss!, 4);
    }
    expect(together[0]!.loss).toHaveLength(6);
  });
});

/** A journal in memory. */
function memoryJournal(): RunJournal & { runs: Map<string, unknown> } {
  const runs = new Map<string, unknown>();
  return { runs, find: (key) => runs.get(key), record: async (key, run) => void runs.set(key, run) };
}

describe('runGruExperiment', () => {
  it('crosses every optimizer, rate, stabiliser and seed, compares the constraint with clipping, and resumes from its journal', async () => {
    const journal = memoryJournal();
    const config = { ...tiny, stabilisers: ['none', 'clip-1', 'spectral'].map(stabiliserSpec), seeds: [1, 2] };
    const first = await runGruExperiment(config, corpus, { ...options(), journal });
    expect(first.runs.map((x) => `${x.seed} ${x.optimizer} ${x.lr} ${x.stabiliser}`).slice(0, 4)).toEqual(['1 sgd 0.5 none', '1 sgd 0.5 clip-1', '1 sgd 0.5 spectral', '1 adam 0.02 none']);
    expect(first.runs).toHaveLength(18);
    expect(journal.runs.size).toBe(18);
    // Per optimizer: one loss comparison per rate and one count over the sweep.
    expect(first.comparisons.map((c) => `${c.test} ${c.a.label} / ${c.b.label}`)).toEqual([
      'welch-t sgd lr=0.5 spectral / sgd lr=0.5 clip-1',
      'fisher-exact sgd spectral / sgd clip-1',
      'welch-t adam lr=0.02 spectral / adam lr=0.02 clip-1',
      'welch-t adam lr=0.05 spectral / adam lr=0.05 clip-1',
      'fisher-exact adam spectral / adam clip-1',
    ]);
    const progress = recordingProgress();
    const again = await runGruExperiment(config, corpus, { ...options(), journal, progress });
    expect(progress.started).toEqual([]);
    expect(again).toEqual(first);
  });
});

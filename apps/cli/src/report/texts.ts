/**
 * The report's prose, shared by `summary.md` and `index.html`: headings, what each experiment
 * ran, and how its comparisons are tested.
 *
 * @module
 */
import { formatNumber } from './format.js';
import { ALPHA, NOT_DISTINGUISHABLE } from '../stats/summary-stats.js';
import { constraintShare } from './tables.js';
import type { Summary } from './schema.js';

/** The texts of the MNIST section. */
export interface MnistTexts {
  readonly heading: string;
  readonly setup: string;
  readonly comparisonsHeading: string;
  readonly comparisons: string;
}

/** The texts of the GRU section. */
export interface GruTexts {
  readonly heading: string;
  readonly setup: string;
  readonly sweepHeading: string;
  readonly sweep: string;
  readonly comparisonsHeading: string;
  readonly comparisons: string;
  readonly detailHeading: string;
  readonly detail: string;
}

/** How the comparisons of a family are tested, and what their verdicts mean. */
function testing(count: number, tests: string): string {
  return (
    `${tests} Holm-adjusted over these ${count} comparisons; a difference counts when the adjusted p is below ${ALPHA}, ` +
    `and the verdict says "${NOT_DISTINGUISHABLE}" where it is not.`
  );
}

/** The texts of the experiments a summary holds. */
export function experimentTexts(summary: Summary): { readonly mnist?: MnistTexts; readonly gru?: GruTexts } {
  const m = summary.mnist;
  const g = summary.gru;
  const grids = m ? m.config.optimizers.map((o) => `${o.name} ${(m.config.lrGrid[o.name] ?? []).map((x) => formatNumber(x)).join(', ')}`).join('; ') : '';
  const cost = g ? constraintShare(g) : null;
  const rates = g ? g.config.optimizers.map((o) => `${o.name} ${(g.config.lr[o.name] ?? []).map((x) => formatNumber(x)).join(', ')}`).join('; ') : '';
  return {
    ...(m && {
      mnist: {
        heading: 'SDProp and the baselines on MNIST',
        setup:
          `${m.config.model}; ${m.config.trainExamples} training and ${m.config.testExamples} test digits, ${m.config.epochs} epochs of batches of ${m.config.batchSize}, ` +
          `seeds ${m.config.seeds.join(', ')}. Learning rates per optimizer: ${grids}` +
          (m.config.maxGridExtensions > 0 ? `, each grid grown by up to ${m.config.maxGridExtensions} rates a side while its best rate is at its edge` : '') +
          `. Every rate runs with seed${m.config.tuningSeeds.length > 1 ? 's' : ''} ${m.config.tuningSeeds.join(', ')}; ` +
          (m.config.tuningSeeds.length < m.config.seeds.length ? "the best rate (lowest mean final training loss over those) with every seed. " : 'the best rate has the lowest mean final training loss. ') +
          "Figures at each optimizer's best rate, mean ± std over seeds.",
        comparisonsHeading: 'SDProp against each baseline',
        comparisons: testing(
          m.comparisons.length,
          "SDProp at its best rate against each optimizer at its own, on the per-seed final training loss and final test accuracy: Welch's t-test,",
        ),
      },
    }),
    ...(g && {
      gru: {
        heading: 'GRU: the range of learning rates that trains',
        setup:
          `Character-level GRU language model on ${g.config.corpus.name} (${g.config.corpus.characters} characters, vocabulary ${g.config.corpus.vocabulary}, ` +
          `${g.config.corpus.validationCharacters} for validation); ${g.config.units} units, sequences of ${g.config.seqLength}, batches of ${g.config.batchSize}, ` +
          `${g.config.steps} steps, seeds ${g.config.seeds.join(', ')}. Learning rates: ${rates}; stabilisers ${g.config.stabilisers.map((s) => s.name).join(', ')}. ` +
          `An explosion is a non-finite loss or a loss above ${g.config.spikeFactor} × the lowest so far.`,
        sweepHeading: 'Final validation loss per learning rate',
        sweep:
          'Final validation loss in nats per character, mean ± std over seeds ("diverged k/n": k of n seeds ended non-finite); ' +
          '"exploded k/n, x % of steps": k of n seeds had an explosion, and the seeds spent x % of their steps with the loss above the spike threshold.',
        comparisonsHeading: 'The constraint against clipping',
        comparisons: testing(
          g.comparisons.length,
          "Per optimizer, at each learning rate the final validation loss over the seeds (Welch's t-test), and over the whole sweep the runs with an explosion (Fisher's exact test),",
        ),
        detailHeading: 'Every configuration',
        detail:
          'Over seeds: explosions summed, max norms over every step of every seed. Runs in a group compute their gradients together; ' +
          "ms/step is a run's share of that computation plus its own optimizer step, constraint and measurements." +
          (cost ? ` The constraint took ${formatNumber(cost.ms, 3)} ms per step on average, ${formatNumber(100 * cost.share, 2)} % of a constrained run's step.` : ''),
      },
    }),
  };
}

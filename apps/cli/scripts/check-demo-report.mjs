#!/usr/bin/env node
// Checks a report written by `stablegrad demo`: summary.json holds both experiments with every
// optimizer, every rate of each grid or sweep and every kind of stabiliser, each run has its
// figures, every comparison states its test, p-values and verdict, the tfjs backend is named,
// and index.html has every plot. Exits non-zero with the list of problems otherwise.
//
//   node apps/cli/scripts/check-demo-report.mjs reports/demo-quick
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/check-demo-report.mjs <report-dir>');
  process.exit(2);
}

const MNIST_OPTIMIZERS = ['sdprop', 'adastand', 'adam', 'rmsprop', 'sgd-momentum'];
const GRU_OPTIMIZERS = ['sgd', 'sdprop', 'adam'];
const STABILISER_KINDS = { none: /^none$/, clipping: /^clip-/, spectral: /^spectral$/, 'spectral with clipping': /^spectral\+clip-/ };
const PLOTS = ['mnist-train-loss', 'mnist-test-accuracy', 'mnist-lr-sensitivity', 'gru-stable-region', 'gru-loss', 'gru-grad-norm', 'gru-spectral-norm', 'gru-explosions', 'gru-time'];
const TESTS = ['welch-t', 'fisher-exact', 'none'];
const NOT_DISTINGUISHABLE = 'not distinguishable at this scale';

const problems = [];
const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
if (summary.format !== 'stablegrad-report/1') problems.push(`summary.json: format is ${summary.format}`);
const env = summary.environment ?? {};
if (!['tensorflow', 'wasm', 'cpu'].includes(env.tfjsBackend)) problems.push(`summary.json: environment.tfjsBackend is ${env.tfjsBackend}`);
if (typeof env.tfjsBackendReason !== 'string' || env.tfjsBackendReason === '') problems.push('summary.json: environment.tfjsBackendReason is missing');
if (!['tfjs', 'onnx', 'native'].includes(env.stepBackend)) problems.push(`summary.json: environment.stepBackend is ${env.stepBackend}`);
if (typeof env.stepBackendReason !== 'string' || env.stepBackendReason === '') problems.push('summary.json: environment.stepBackendReason is missing');

/** Problems of a list of comparisons: each names its test and, when tested, p-values and a verdict that follows from them. */
function checkComparisons(name, comparisons, expected) {
  if (!Array.isArray(comparisons) || comparisons.length < expected) {
    problems.push(`${name}: ${comparisons?.length ?? 'no'} comparisons, expected at least ${expected}`);
    return;
  }
  for (const c of comparisons) {
    const what = `${name} ${c.metric}: ${c.a?.label} vs ${c.b?.label}`;
    if (!TESTS.includes(c.test)) problems.push(`${what}: unknown test ${c.test}`);
    if (c.test === 'none') {
      if (!/^no test: /.test(c.verdict)) problems.push(`${what}: no test and no reason`);
      continue;
    }
    if (!(c.p >= 0 && c.p <= 1) || !(c.pAdjusted >= c.p && c.pAdjusted <= 1)) problems.push(`${what}: p ${c.p}, adjusted ${c.pAdjusted}`);
    const says = c.distinguishable ? / better$/.test(c.verdict) : c.verdict === NOT_DISTINGUISHABLE;
    if (!says || c.distinguishable !== c.pAdjusted < 0.05) problems.push(`${what}: verdict '${c.verdict}' does not follow from adjusted p ${c.pAdjusted}`);
  }
}

const mnist = summary.mnist;
if (!mnist) problems.push('summary.json: no MNIST experiment');
else {
  for (const field of ['trainExamples', 'epochs', 'seeds', 'tuningSeeds', 'model']) if (mnist.config[field] === undefined) problems.push(`mnist.config.${field} is missing`);
  for (const name of MNIST_OPTIMIZERS) {
    const runs = mnist.runs.filter((r) => r.optimizer === name);
    const s = mnist.summary.find((x) => x.optimizer === name);
    if (!s) {
      problems.push(`mnist ${name}: no summary`);
      continue;
    }
    const rates = s.finalTrainLossByLr.map((e) => e.lr);
    const grid = mnist.config.lrGrid[name] ?? [];
    if (grid.length < 3 || !grid.every((lr) => rates.includes(lr))) problems.push(`mnist ${name}: grid ${grid} not all run (rates ${rates})`);
    const tuning = mnist.config.tuningSeeds;
    const expected = rates.length * tuning.length + mnist.config.seeds.filter((seed) => !tuning.includes(seed)).length;
    if (runs.length !== expected) problems.push(`mnist ${name}: ${runs.length} runs, expected ${expected} (rates x tuning seeds, and the other seeds at the best rate)`);
    const atBest = runs.filter((r) => r.lr === s.bestLr).map((r) => r.seed).sort();
    if (atBest.join() !== [...mnist.config.seeds].sort().join()) problems.push(`mnist ${name}: seeds ${atBest} at the best rate ${s.bestLr}, expected ${mnist.config.seeds}`);
    if (runs.some((r) => r.epochs.length === 0)) problems.push(`mnist ${name}: a run has no epochs`);
  }
  checkComparisons('mnist', mnist.comparisons, 2 * (MNIST_OPTIMIZERS.length - 1));
}

const gru = summary.gru;
if (!gru) problems.push('summary.json: no GRU experiment');
else {
  for (const field of ['units', 'steps']) if (typeof gru.config[field] !== 'number') problems.push(`gru.config.${field} is missing`);
  for (const [kind, pattern] of Object.entries(STABILISER_KINDS)) {
    if (!gru.config.stabilisers.some((s) => pattern.test(s.name))) problems.push(`gru: no ${kind} stabiliser`);
  }
  for (const optimizer of GRU_OPTIMIZERS) {
    const rates = gru.config.lr[optimizer];
    if (!Array.isArray(rates) || rates.length < 2) {
      problems.push(`gru ${optimizer}: gru.config.lr.${optimizer} is ${JSON.stringify(rates)}, expected a list of rates`);
      continue;
    }
    for (const lr of rates) {
      for (const stabiliser of gru.config.stabilisers) {
        const runs = gru.runs.filter((r) => r.optimizer === optimizer && r.lr === lr && r.stabiliser === stabiliser.name);
        const what = `gru ${optimizer} lr=${lr} ${stabiliser.name}`;
        if (runs.length !== gru.config.seeds.length) problems.push(`${what}: ${runs.length} runs, expected ${gru.config.seeds.length}`);
        for (const r of runs) {
          if (r.loss.length === 0 || r.gradNorm.length !== r.loss.length || r.spectralNorm.length !== r.loss.length) {
            problems.push(`${what} seed ${r.seed}: per-step loss, gradient norm and spectral norm are missing or of different lengths`);
          }
          if (!(r.msPerStep > 0)) problems.push(`${what} seed ${r.seed}: no time per step`);
          if (!(r.explodedSteps >= 0 && r.explodedSteps <= r.loss.length)) problems.push(`${what} seed ${r.seed}: explodedSteps ${r.explodedSteps} of ${r.loss.length} steps`);
          if (stabiliser.spectralBound !== undefined && !r.diverged && !(r.msPerStepConstraint > 0)) problems.push(`${what} seed ${r.seed}: no constraint time`);
        }
      }
    }
  }
  checkComparisons('gru', gru.comparisons, GRU_OPTIMIZERS.length);
}

const html = readFileSync(join(dir, 'index.html'), 'utf8');
for (const id of PLOTS) {
  if (!new RegExp(`<figure id="${id}">[\\s\\S]*?<svg`).test(html)) problems.push(`index.html: no plot ${id}`);
}
const md = readFileSync(join(dir, 'summary.md'), 'utf8');
for (const heading of ['SDProp against each baseline', 'The constraint against clipping', 'Final validation loss per learning rate']) {
  if (!md.includes(`### ${heading}`)) problems.push(`summary.md: no section '${heading}'`);
}

if (problems.length > 0) {
  console.error(`${dir}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `${dir}: both experiments on tfjs ${env.tfjsBackend}, every optimizer, rate and stabiliser kind, ` +
    `${mnist.comparisons.length + gru.comparisons.length} comparisons with their tests, ${PLOTS.length} plots`,
);

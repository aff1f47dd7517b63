#!/usr/bin/env node
// Checks a report written by `stablegrad demo`: summary.json holds both experiments with every
// optimizer and every kind of stabiliser, each run has its figures, and index.html has every plot.
// Exits non-zero with the list of problems otherwise.
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
const PLOTS = ['mnist-train-loss', 'mnist-test-accuracy', 'mnist-lr-sensitivity', 'gru-loss', 'gru-grad-norm', 'gru-spectral-norm', 'gru-explosions', 'gru-perplexity', 'gru-time'];

const problems = [];
const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
if (summary.format !== 'stablegrad-report/1') problems.push(`summary.json: format is ${summary.format}`);

const mnist = summary.mnist;
if (!mnist) problems.push('summary.json: no MNIST experiment');
else {
  for (const name of MNIST_OPTIMIZERS) {
    const runs = mnist.runs.filter((r) => r.optimizer === name);
    const expected = mnist.config.lrGrid.length * mnist.config.seeds.length;
    if (runs.length !== expected) problems.push(`mnist ${name}: ${runs.length} runs, expected ${expected} (grid x seeds)`);
    if (runs.some((r) => r.epochs.length === 0)) problems.push(`mnist ${name}: a run has no epochs`);
    if (!mnist.summary.some((s) => s.optimizer === name)) problems.push(`mnist ${name}: no summary`);
  }
}

const gru = summary.gru;
if (!gru) problems.push('summary.json: no GRU experiment');
else {
  for (const [kind, pattern] of Object.entries(STABILISER_KINDS)) {
    if (!gru.config.stabilisers.some((s) => pattern.test(s.name))) problems.push(`gru: no ${kind} stabiliser`);
  }
  for (const optimizer of GRU_OPTIMIZERS) {
    for (const stabiliser of gru.config.stabilisers) {
      const runs = gru.runs.filter((r) => r.optimizer === optimizer && r.stabiliser === stabiliser.name);
      if (runs.length !== gru.config.seeds.length) problems.push(`gru ${optimizer}/${stabiliser.name}: ${runs.length} runs, expected ${gru.config.seeds.length}`);
      for (const r of runs) {
        if (r.loss.length === 0 || r.gradNorm.length !== r.loss.length || r.spectralNorm.length !== r.loss.length) {
          problems.push(`gru ${optimizer}/${stabiliser.name} seed ${r.seed}: per-step loss, gradient norm and spectral norm are missing or of different lengths`);
        }
        if (!(r.msPerStep > 0)) problems.push(`gru ${optimizer}/${stabiliser.name} seed ${r.seed}: no time per step`);
      }
    }
  }
}

const html = readFileSync(join(dir, 'index.html'), 'utf8');
for (const id of PLOTS) {
  if (!new RegExp(`<figure id="${id}">[\\s\\S]*?<svg`).test(html)) problems.push(`index.html: no plot ${id}`);
}

if (problems.length > 0) {
  console.error(`${dir}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${dir}: both experiments, every optimizer and stabiliser kind, ${PLOTS.length} plots`);

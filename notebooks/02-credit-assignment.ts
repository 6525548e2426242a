// %% [markdown]
// # 02 · Credit assignment: backprop, FA, DFA, Kolen-Pollack and DTP on one task
//
// Five rules train the same network on the same MNIST subset from the same seeds: every rule starts
// from the same initial forward weights and sees the same minibatches, so what differs is the rule.
// They differ only in their **feedback pathway** — how a hidden layer receives its teaching signal;
// the local update at each synapse is the same product of presynaptic activity and teaching signal.
//
// | rule | teaching signal of hidden layer *l* |
// |---|---|
// | backprop | δ<sub>l+1</sub> sent back through the transposed forward weights Wᵀ (weight transport) |
// | feedback alignment (FA) | δ<sub>l+1</sub> sent back through a fixed random matrix B |
// | direct FA (DFA) | the output error sent straight to layer *l* through its own fixed random B<sub>l</sub> |
// | Kolen-Pollack (KP) | as FA, but B receives the same local update and decay as W, so B → W |
// | difference target propagation (DTP) | a target ĥ<sub>l</sub> = h<sub>l</sub> + g(ĥ<sub>l+1</sub>) − g(h<sub>l+1</sub>) through a learned inverse g |
//
// After every epoch each run measures, on a fixed probe batch of 256 training images, the **angle between
// the update the rule proposes and backprop's gradient** (0° = the gradient) and, for FA and KP, the
// angle between the feedback matrix and the forward weights. A short setting keeps this notebook to
// under a minute: 6,000 training images, a 784-128-64-10 network, 2 seeds × 4 epochs. The full
// comparison is `npx plasticity run compare-mnist`.

// %%
import { builtinRules } from '../rules/index.js';
import { runExperiment } from '../src/experiment/runner.js';
import { defineExperiment } from '../src/experiment/spec.js';
import { writeReport } from '../src/report/report.js';
import { fmt, resultsDir, show, showTable } from './lib/display.js';

const rules = ['backprop', 'feedback-alignment', 'direct-feedback-alignment', 'kolen-pollack', 'difference-target-propagation'];
await showTable(rules.map((name) => ({ rule: name, 'what it does': builtinRules[name].summary })));

const sgd = (lr: number) => ({ kind: 'sgd' as const, lr, momentum: 0.9, nesterov: true });
const spec = defineExperiment({
  name: 'notebook-credit-assignment',
  description: 'MNIST (first 6,000 training and 2,000 test images), 784-128-64-10 tanh, softmax cross-entropy, SGD + Nesterov momentum, 2 seeds × 4 epochs.',
  rules: [
    'backprop',
    'feedback-alignment',
    'direct-feedback-alignment',
    'kolen-pollack',
    // DTP's settings from experiments/compare-mnist.ts: a target step of 1 and faster-learning inverses.
    { rule: 'difference-target-propagation', options: { targetStepSize: 1, inverseLearningRate: 0.003, noiseStd: 0.05 } },
  ],
  tasks: [{ task: 'mnist', options: { trainLimit: 6000, testLimit: 2000 } }],
  seeds: 2,
  network: { hidden: [128, 64], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
  training: { epochs: 4, batchSize: 32, loss: 'cross-entropy', optimiser: sgd(0.05) },
  // The rules without weight transport like a larger step (as in compare-mnist).
  perRule: { 'feedback-alignment': { training: { optimiser: sgd(0.1) } }, 'direct-feedback-alignment': { training: { optimiser: sgd(0.1) } } },
  probeSize: 256,
});

// %% [markdown]
// ## Run it
//
// `runExperiment` validates the spec, plans rules × tasks × seeds, trains each run and appends one line
// per run to `runs.jsonl` in the results folder. It prints nothing here (`quiet`); the table below is
// `summary.csv`.

// %%
import { summarise } from '../src/experiment/summary.js';

const outDir = resultsDir('02-credit-assignment');
const t0 = performance.now();
const records = await runExperiment(spec, {
  outDir,
  rules: builtinRules,
  overwrite: true,
  quiet: true,
  afterRuns: (dir, recs) => void writeReport(dir, spec.name, spec.description, recs),
});
console.log(`${records.length} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s; results folder ${outDir} (open report.html there)`);
await showTable(
  summarise(records).map((r) => ({ rule: r.rule, runs: `${r.completed}/${r.runs}`, 'test accuracy %': `${fmt(100 * r.testAccuracyMean)} ± ${fmt(100 * r.testAccuracyStd)}`, 'test loss': fmt(r.testLossMean, 4), 's / run': fmt(r.wallSecondsMean, 1) })),
  'Mean ± sd over seeds after the last epoch.',
);

// %% [markdown]
// ## Learning curves
//
// `experimentFigures(records)` is the figure set of `report.html`: learning curves, final accuracy,
// and one figure per diagnostic and projection. Here are two of them.

// %%
import { experimentFigures } from '../src/report/training-figures.js';

const figures = experimentFigures(records);
const byId = (suffix: string) => {
  const f = figures.find((g) => g.id.endsWith(suffix));
  if (!f) throw new Error(`no figure ${suffix}; figures are ${figures.map((g) => g.id).join(', ')}`);
  return f;
};
await show(byId('-test-accuracy'), byId('-final-accuracy'));

// %% [markdown]
// ## Alignment angles
//
// How far is each rule's update from the gradient, layer by layer? At the output projection every rule
// uses the true output error, so its angle is 0°. Deeper down, FA and DFA start near 90° and come into
// alignment as the forward weights adapt to the random feedback; KP's feedback weights converge towards
// the forward weights, so its angles shrink further. DTP trains the top hidden layer with the gradient
// (target step 1), so only its first projection is off the gradient.

// %%
import type { Figure } from '../src/plot/figure.js';
import { PALETTE } from '../src/plot/figure.js';
import { meanStd } from '../src/experiment/summary.js';

await show(byId('updateAngle_input-_hidden1'), byId('feedbackAngle_hidden2-_output'));

const projections = ['input->hidden1', 'hidden1->hidden2', 'hidden2->output'];
const finalAngle = (rule: string, proj: string) => meanStd(records.filter((r) => r.ruleLabel === rule).map((r) => r.epochs[r.epochs.length - 1].diagnostics?.[`updateAngle/${proj}`]));
const anglesFigure: Figure = {
  id: 'final-update-angles',
  title: 'Angle between each rule\'s update and the gradient, after the last epoch',
  caption: 'Mean over seeds (error bars ± sd) of the angle between the weight update a rule proposes and backprop\'s gradient, per projection, on the probe batch.',
  data: rules.map((rule, i) => ({
    type: 'bar',
    name: rule,
    x: projections,
    y: projections.map((p) => finalAngle(rule, p).mean),
    error_y: { type: 'data', array: projections.map((p) => finalAngle(rule, p).std), visible: true },
    marker: { color: PALETTE[i % PALETTE.length] },
  })),
  layout: { title: { text: 'Update angle to the gradient, last epoch' }, barmode: 'group', xaxis: { title: { text: 'projection' } }, yaxis: { title: { text: 'angle (degrees)' }, range: [0, 90] }, template: 'plotly_white', width: 760, height: 460, legend: { orientation: 'h', y: -0.25 } },
};
await show(anglesFigure);
await showTable(rules.map((rule) => ({ rule, ...Object.fromEntries(projections.map((p) => [`${p} (°)`, fmt(finalAngle(rule, p).mean, 1)])) })));

// %% [markdown]
// ## Every number is in the results folder
//
// The figures above were computed from `runs.jsonl`, which holds, for every run, its settings, the
// metrics of every epoch (epoch 0 = untrained) with the diagnostics, its status, a SHA-256 of the trained
// weights and its wall time. `readResultsFolder` reads it back — in a later session, or on a folder
// copied from a cluster — and `npx plasticity report DIR` redraws `report.html` from it.

// %%
import { readResultsFolder } from '../src/experiment/results-folder.js';

const folder = readResultsFolder(outDir);
const first = folder.records[0];
console.log(`${folder.records.length} records; manifest: experiment ${String(folder.manifest.experiment)}, node ${String(folder.manifest.node)}`);
console.log(`first record: ${first.id}, status ${first.status}, ${first.epochs.length} epochs, weights ${first.weightsHash?.slice(0, 16)}…`);
console.log('diagnostics of its last epoch:', Object.keys(first.epochs[first.epochs.length - 1].diagnostics ?? {}).join(', '));

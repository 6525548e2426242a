// %% [markdown]
// # 01 · Quick start: a network, backprop, a figure
//
// This notebook builds a small layered rate network, trains it with exact backprop on the two-moons
// task, plots what it learned, and then runs the same thing as an *experiment* (several seeds, a results
// folder, a report). It runs top to bottom in a few seconds from seed 1.
//
// It is generated from its plain-script twin `notebooks/01-quickstart.ts` (the source of truth):
// `npx tsx notebooks/01-quickstart.ts` runs the same cells from a terminal. Imports are relative to
// the `notebooks/` folder, so copy them with `../` removed into a script at the repository's top level.

// %% [markdown]
// ## A task from a seed
//
// Every random number in plasticity comes from a **named stream** derived from one master seed: the
// data generator, each projection's initial weights, the minibatch order, each rule's random matrices.
// Streams are independent of one another, so adding a consumer never shifts another's numbers.

// %%
import { RandomStreams } from '../src/random/streams.js';
import { createTask } from '../src/tasks/registry.js';
import { fmt, show, showTable } from './lib/display.js';
import type { Figure } from '../src/plot/figure.js';
import { PALETTE } from '../src/plot/figure.js';

const seed = 1;
const streams = new RandomStreams(seed);
// The runner hands each task the namespace "task/<name>"; doing the same here gives the same data it would.
const task = await createTask('moons', { nTrain: 500, nTest: 500, noise: 0.15 }, streams.fork('task/moons'));
console.log(`${task.name}: ${task.inputSize} inputs -> ${task.outputSize} classes, ${task.train.inputs.rows} training and ${task.test.inputs.rows} test examples`);

/** A scatter plot of a 2-D dataset, one colour per class. */
function scatter(inputs: { data: Float64Array; rows: number }, labels: Int32Array, name: string): Record<string, unknown>[] {
  return [0, 1].map((c) => {
    const rows = [...labels.keys()].filter((i) => labels[i] === c);
    return { type: 'scatter', mode: 'markers', name: `${name}, class ${c}`, x: rows.map((i) => inputs.data[2 * i]), y: rows.map((i) => inputs.data[2 * i + 1]), marker: { size: 5, color: PALETTE[c], line: { width: 0.5, color: 'white' } } };
  });
}

const dataFigure: Figure = {
  id: 'moons-data',
  title: 'Two moons: training set',
  caption: 'The 500 training points (standardised coordinates); labels alternate so the classes are balanced.',
  data: scatter(task.train.inputs, task.train.labels!, 'train'),
  layout: { title: { text: 'Two moons: training set' }, xaxis: { title: { text: 'x₁' } }, yaxis: { title: { text: 'x₂' }, scaleanchor: 'x' }, template: 'plotly_white', width: 640, height: 440 },
};
await show(dataFigure);

// %% [markdown]
// ## A network: populations joined by projections
//
// `layeredNetwork` builds `input → hidden1 → … → output`. Each projection keeps its weights as one
// row-major `pre × post` matrix (row *i* holds the synapses leaving presynaptic neuron *i*), so the
// forward drive of a batch is `a = h_pre · W + b`. `initialise(streams)` draws each projection's weights
// from its own stream `init/<projection>`.

// %%
import { layeredNetwork } from '../src/graph/layered.js';

const net = layeredNetwork({ sizes: [task.inputSize, 16, 16, task.outputSize], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' });
net.initialise(streams);
await showTable(net.projections.map((p) => ({ projection: p.name, pre: p.pre.size, post: p.post.size, weights: p.weights.shape(), bias: p.bias ? p.bias.length : 0, init: String(p.init) })));

// %% [markdown]
// ## Train it with backprop
//
// `train` runs the minibatch loop: forward pass, output error from the loss, the rule's **feedback
// pathway** (for backprop: errors back through the transposed forward weights), its **local update**
// at every projection, then the optimiser. The rule is a plain object from `rules/`.

// %%
import { backprop } from '../rules/backprop.js';
import { train, type TrainingConfig } from '../src/training/trainer.js';
import { lineFigure } from '../src/plot/spiking-figures.js';

const config: TrainingConfig = { epochs: 40, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9 } };
const result = train({ net, rule: backprop, task, config, streams });
const last = result.epochs[result.epochs.length - 1];
console.log(`${result.status} after ${last.epoch} epochs: test accuracy ${(100 * last.testAccuracy!).toFixed(1)}%, test loss ${last.testLoss.toFixed(4)}`);

const epochs = result.epochs.map((m) => m.epoch);
await show(
  lineFigure('moons-accuracy', 'Backprop on two moons: test accuracy', 'epoch', 'test accuracy (%)', [{ label: 'test accuracy', x: epochs, y: result.epochs.map((m) => 100 * (m.testAccuracy ?? NaN)) }], 'Epoch 0 is the untrained network.'),
);

// %% [markdown]
// ## What did it learn?
//
// `ForwardPass` runs any batch through the network. Here: a grid over the input plane, coloured by the
// probability the network gives class 1, with the test points on top.

// %%
import { Matrix } from '../src/kernels/matrix.js';
import { ForwardPass } from '../src/sim/feedforward.js';

const n = 101, lo = -2.6, hi = 2.6;
const axis = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
const grid = new Matrix(n * n, 2);
axis.forEach((y, i) => axis.forEach((x, j) => grid.data.set([x, y], 2 * (i * n + j))));
const output = new ForwardPass(net).run(grid).h[net.layered().output.index];
const p1 = axis.map((_, i) => axis.map((_, j) => output.get(i * n + j, 1)));

const boundary: Figure = {
  id: 'moons-boundary',
  title: 'Backprop on two moons: decision function',
  caption: 'Colour: the trained network\'s probability of class 1 over the input plane; points: the test set.',
  data: [
    { type: 'contour', x: axis, y: axis, z: p1, colorscale: [[0, PALETTE[0]], [0.5, '#ffffff'], [1, PALETTE[1]]], zmin: 0, zmax: 1, contours: { start: 0, end: 1, size: 0.1 }, colorbar: { title: { text: 'P(class 1)' } }, opacity: 0.6 },
    ...scatter(task.test.inputs, task.test.labels!, 'test'),
  ],
  layout: { title: { text: 'Backprop on two moons: decision function' }, xaxis: { title: { text: 'x₁' }, range: [lo, hi] }, yaxis: { title: { text: 'x₂' }, range: [lo, hi] }, template: 'plotly_white', width: 640, height: 520, legend: { orientation: 'h', y: -0.15 } },
};
await show(boundary);

// %% [markdown]
// ## Same seed, same bits
//
// A run is a function of its seed: build the network again from seed 1, train again, and the weights
// come out bit-identical (`hashWeights` is the SHA-256 that results folders record for every run).

// %%
import { hashWeights } from '../src/experiment/records.js';

function trainFromSeed(s: number): string {
  const st = new RandomStreams(s);
  const net2 = layeredNetwork({ sizes: [task.inputSize, 16, 16, task.outputSize], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' });
  net2.initialise(st);
  train({ net: net2, rule: backprop, task, config, streams: st });
  return hashWeights(net2);
}
console.log(`first run      ${hashWeights(net).slice(0, 16)}…`);
console.log(`seed 1 again   ${trainFromSeed(1).slice(0, 16)}…`);
console.log(`seed 2         ${trainFromSeed(2).slice(0, 16)}…  (same data; other initial weights and minibatch order)`);

// %% [markdown]
// ## The same as an experiment
//
// For comparisons and papers, describe the whole thing as an **experiment spec** — rules × tasks ×
// seeds × hyperparameters — and let the runner do the bookkeeping. It validates the spec first, then
// writes a results folder: `manifest.json` (what produced it), `runs.jsonl` (one line per run),
// `summary.csv` and, with `writeReport`, `report.html`. The same spec saved as a file runs from the
// command line with `npx plasticity run ./my-experiment.mts` (see `docs/experiment-spec.md`).

// %%
import { builtinRules } from '../rules/index.js';
import { runExperiment } from '../src/experiment/runner.js';
import { defineExperiment } from '../src/experiment/spec.js';
import { summarise } from '../src/experiment/summary.js';
import { experimentFigures } from '../src/report/training-figures.js';
import { writeReport } from '../src/report/report.js';
import { resultsDir } from './lib/display.js';

const spec = defineExperiment({
  name: 'quickstart-moons',
  description: 'Two moons, 2-16-16-2 tanh network, backprop, 3 seeds.',
  rules: ['backprop'],
  tasks: [{ task: 'moons', options: { nTrain: 500, nTest: 500, noise: 0.15 } }],
  seeds: 3,
  network: { hidden: [16, 16], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
  training: config,
});
const outDir = resultsDir('01-quickstart');
const records = await runExperiment(spec, {
  outDir,
  rules: builtinRules,
  overwrite: true,
  quiet: true,
  afterRuns: (dir, recs) => void writeReport(dir, spec.name, spec.description, recs),
});
await showTable(summarise(records).map((r) => ({ rule: r.rule, task: r.task, runs: r.runs, 'test accuracy %': `${fmt(100 * r.testAccuracyMean)} ± ${fmt(100 * r.testAccuracyStd)}`, 'test loss': fmt(r.testLossMean, 4) })), `Results folder: ${outDir}`);
// Seed 1 of the experiment is the run trained by hand above: same task stream, same weights.
console.log(`experiment seed 1 weights ${records[0].weightsHash!.slice(0, 16)}… (by hand: ${hashWeights(net).slice(0, 16)}…)`);
await show(experimentFigures(records).find((f) => f.id.endsWith('test-accuracy'))!);

/**
 * Unsupervised STDP features after Diehl & Cook (2015, Front. Comput. Neurosci. 9:99), as a feature rule
 * (src/learning/feature-rule.ts): the spiking network of src/models/diehl-cook.ts (Poisson-coded pixels,
 * excitatory neurons with adaptive thresholds, lateral inhibition, STDP on the input weights (one of the
 * three rules below), weight normalisation) learns from `trainImages` training images shown once each, in a
 * random order from the run's seed, without labels. The network is then frozen (no STDP, thresholds fixed)
 * and each excitatory neuron's spike count is its feature for `labelImages` further training images and for
 * the whole test set.
 *
 * Two read-outs of the same features: the paper's (each neuron labelled with the class it responds to most
 * on the labelling images; a test image gets the class whose neurons fire most on average; recorded as
 * `voteAccuracy`), and the runner's delta-rule readout trained on the labelling images, which puts the
 * rule in the same table as backprop.
 * Feedback pathway: none (inhibition is lateral). Local plasticity: pre/post spike traces at each synapse.
 */
import { Matrix } from '../src/kernels/matrix.js';
import { hashArrays } from '../src/learning/hash.js';
import type { FeatureRule } from '../src/learning/feature-rule.js';
import type { TimeSteppedRule } from '../src/learning/time-stepped-rule.js';
import { accuracyOf, assignLabels, voteClassify } from '../src/models/label-assignment.js';
import { DiehlCookNetwork, diehlCookDefaults, diehlCookStdp, frozenResponses } from '../src/models/diehl-cook.js';
import { powerLawStdp } from './power-law-stdp.js';
import { stdp } from './stdp.js';
import { tripletStdp } from './triplet-stdp.js';
import { histogramFigure } from '../src/plot/spiking-figures.js';
import { receptiveFieldFigure } from '../src/plot/receptive-fields.js';

/**
 * The plasticity rules the network can learn with, with Diehl & Cook's settings:
 * - 'pair' (default): nearest-spike pair STDP with the paper's rates and traces, pre spike w −= 10⁻⁴·x_post,
 *   post spike w += 0.01·x_pre (τ 20 ms both), as in BindsNET's Diehl & Cook example: the 'triplet' rule
 *   without its second postsynaptic trace. With 100 neurons it learns fastest and best of the three
 *   (README, stdp-mnist);
 * - 'triplet': the rule the paper's published code runs (nearest-spike triplet STDP: pre spike
 *   w −= 10⁻⁴·post1, post spike w += 0.01·pre·post2 with post2's τ 40 ms). Potentiation needs two
 *   postsynaptic spikes close together, so it slows down as the thresholds rise;
 * - 'power-law': the rule of the paper's equations (its eq. 3), Δw = η·(x_pre − x_tar)·(wMax − w)^μ on each
 *   postsynaptic spike, η 0.01, x_tar 0.4, μ 0.2, τpre 20 ms.
 */
export const STDP_FEATURE_LEARNING_RULES = {
  pair: { rule: stdp, options: { ...stdp.defaults, tauPlus: 20, tauMinus: 20, aPlus: 0.01, aMinus: 1e-4, wMin: 0, wMax: 1, weightDependence: 'additive', pairing: 'nearest' } },
  triplet: { rule: tripletStdp, options: { ...tripletStdp.defaults, ...diehlCookStdp } },
  'power-law': { rule: powerLawStdp, options: { ...powerLawStdp.defaults, tauPre: 20, eta: 0.01, xTarget: 0.4, mu: 0.2, wMin: 0, wMax: 1, pairing: 'all-to-all' } },
} as const;
export type StdpFeatureLearningRule = keyof typeof STDP_FEATURE_LEARNING_RULES;

export interface StdpFeatureOptions {
  excitatory: number;
  /** Which plasticity rule trains the input weights (see STDP_FEATURE_LEARNING_RULES). */
  learningRule: StdpFeatureLearningRule;
  /** Training images shown with plasticity on (0: the whole training set, once). */
  trainImages: number;
  /** Further training images whose responses label the neurons and train the readout. */
  labelImages: number;
  /** Test images (0: the whole test set). */
  testImages: number;
  dt: number;
  thetaPlus: number;
  /** Shortest interval between two spikes of an excitatory neuron, ms (see DiehlCookOptions.minInterval). */
  minInterval: number;
  weightSum: number;
  intensity: number;
}

export const stdpFeatures: FeatureRule<StdpFeatureOptions> = {
  name: 'stdp-features',
  regime: 'features',
  summary: 'Diehl & Cook (2015) spiking network: STDP, adaptive thresholds and lateral inhibition learn features without labels',
  citation: 'Diehl & Cook (2015) Front. Comput. Neurosci. 9:99',
  defaults: { excitatory: 100, learningRule: 'pair', trainImages: 0, labelImages: 10000, testImages: 0, dt: diehlCookDefaults.dt, thetaPlus: diehlCookDefaults.thetaPlus, minInterval: diehlCookDefaults.minInterval, weightSum: diehlCookDefaults.weightSum, intensity: diehlCookDefaults.intensity },
  learn({ task, streams, options: o, log }) {
    if (task.kind !== 'classification' || !task.train.labels || !task.test.labels) throw new Error(`rule "stdp-features": needs a classification task with labels, got "${task.name}"`);
    for (const k of ['excitatory', 'trainImages', 'labelImages', 'testImages'] as const) {
      if (!Number.isInteger(o[k]) || o[k] < 0 || (k === 'excitatory' && o[k] === 0)) throw new RangeError(`rule "stdp-features": option "${k}" must be a ${k === 'excitatory' ? 'positive' : 'non-negative'} integer, got ${o[k]}`);
    }
    if (!Object.hasOwn(STDP_FEATURE_LEARNING_RULES, o.learningRule)) throw new RangeError(`rule "stdp-features": option "learningRule" must be one of ${Object.keys(STDP_FEATURE_LEARNING_RULES).join(', ')}, got ${JSON.stringify(o.learningRule)}`);
    const plasticity = STDP_FEATURE_LEARNING_RULES[o.learningRule];
    const nTrain = task.train.inputs.rows;
    const trainImages = o.trainImages || nTrain;
    const labelImages = Math.min(o.labelImages || nTrain, nTrain);
    const net = new DiehlCookNetwork(
      { ...diehlCookDefaults, excitatory: o.excitatory, dt: o.dt, thetaPlus: o.thetaPlus, minInterval: o.minInterval, weightSum: o.weightSum, intensity: o.intensity },
      task.inputSize,
      streams.fork('network'),
      { rule: plasticity.rule as TimeSteppedRule<any>, options: { ...plasticity.options } },
    );
    const order = streams.stream('order');
    let perm = order.permutation(nTrain), pos = 0;
    const next = () => {
      if (pos === perm.length) {
        perm = order.permutation(nTrain);
        pos = 0;
      }
      return perm[pos++];
    };
    const t0 = performance.now();
    const every = Math.max(1000, Math.round(trainImages / 20));
    for (let k = 0; k < trainImages; k++) {
      net.present(task.train.inputs, next());
      if ((k + 1) % every === 0 || k + 1 === trainImages) {
        const s = (performance.now() - t0) / 1000;
        log(`STDP training: ${k + 1}/${trainImages} images, ${((1000 * s) / (k + 1)).toFixed(1)} ms/image, ETA ${Math.round((s / (k + 1)) * (trainImages - k - 1))} s`);
      }
    }
    // Labelling images: a fresh random sample of the training set, drawn from its own stream.
    const labelRows = streams.stream('label-rows').sampleWithoutReplacement(nTrain, labelImages);
    const nTest = Math.min(o.testImages || task.test.inputs.rows, task.test.inputs.rows);
    const testRows = Int32Array.from({ length: nTest }, (_, i) => i);
    const note = (what: string, total: number) => (done: number) => log(`${what}: ${done}/${total} images`);
    const trainResp = frozenResponses(net, task.train.inputs, labelRows, streams.fork('label'), note('responses to labelling images', labelImages));
    const testResp = frozenResponses(net, task.test.inputs, testRows, streams.fork('test'), note('responses to test images', nTest));
    const labels = Array.from(labelRows, (r) => task.train.labels![r]);
    const assignments = assignLabels(trainResp, labels, o.excitatory, task.outputSize);
    const voteAccuracy = accuracyOf(voteClassify(testResp, assignments, task.outputSize), Array.from(testRows, (r) => task.test.labels![r]));
    log(`vote accuracy (Diehl & Cook's classifier) ${(100 * voteAccuracy).toFixed(2)}%`);
    const matrix = (rows: number, data: Float64Array) => {
      const m = new Matrix(rows, o.excitatory);
      m.data.set(data);
      return m;
    };
    const w = net.feedforward, side = Math.round(Math.sqrt(task.inputSize));
    const figures =
      side * side === task.inputSize
        ? [
            receptiveFieldFigure('stdp-receptive-fields', 'STDP: input weights of each excitatory neuron', o.excitatory, side, (i, j) => w.weight[w.rowStart[i] + j],
              'Weights from the 28 × 28 input pixels to each excitatory neuron after unsupervised training (all-to-all, so the synapse of pixel i to neuron j is row i, column j): each neuron learns a prototype of a digit.'),
            histogramFigure('stdp-weights', 'STDP: input weight distribution after training', 'w', [{ label: 'input → excitatory', values: w.weight }], 'Weights lie in [0, 1]; normalisation keeps each neuron\'s sum at 78.', 'synapses'),
            histogramFigure('stdp-theta', 'Adaptive thresholds after training', 'θ (mV)', [{ label: 'excitatory neurons', values: net.theta }], 'Each excitatory neuron fires when v > −72 mV + θ. θ starts at 20 mV, grows 0.05 mV per spike and decays over hours: homeostasis spreads the winning across neurons.'),
          ]
        : [];
    return {
      figures,
      train: matrix(labelImages, trainResp),
      trainRows: labelRows,
      test: matrix(nTest, testResp),
      testRows,
      parametersHash: hashArrays(net.feedforward.weight, net.theta),
      metrics: {
        voteAccuracy,
        stdpSeconds: (performance.now() - t0) / 1000,
        meanThetaMv: net.theta.reduce((a, b) => a + b, 0) / o.excitatory,
        unassignedNeurons: assignments.filter((a) => a < 0).length,
      },
    };
  },
};

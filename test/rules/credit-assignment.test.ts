import { describe, expect, it } from 'vitest';
import { inv, multiply, subtract } from 'mathjs';
import { backprop } from '../../rules/backprop.js';
import { directFeedbackAlignment } from '../../rules/direct-feedback-alignment.js';
import { feedbackAlignment } from '../../rules/feedback-alignment.js';
import { builtinRules } from '../../rules/index.js';
import { differenceTargetPropagation } from '../../rules/difference-target-propagation.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { defineExperiment } from '../../src/experiment/spec.js';
import { Matrix } from '../../src/kernels/matrix.js';
import type { Network } from '../../src/graph/network.js';
import type { Population } from '../../src/graph/population.js';
import type { Projection } from '../../src/graph/projection.js';
import { propagateThroughFeedback } from '../../src/learning/feedback.js';
import { Gradients } from '../../src/learning/gradients.js';
import { presynapticTimesTeaching } from '../../src/learning/local-update.js';
import type { LearnedInverse } from '../../src/learning/inverse.js';
import { type MinibatchLearner, type MinibatchRule, resolveRuleOptions } from '../../src/learning/rule.js';
import { MinibatchStepper } from '../../src/training/step.js';
import { getLoss } from '../../src/neurons/losses.js';
import { RandomStreams } from '../../src/random/streams.js';
import { tempDir } from '../support/cli.js';
import { smallProblem } from '../support/small-nets.js';

function attach(rule: MinibatchRule<any>, net: Network, seed = 1, options = {}): MinibatchLearner {
  return rule.create({ net, topology: net.layered(), streams: new RandomStreams(seed).fork(`rule/${rule.name}`), options: resolveRuleOptions(rule, options) });
}

function proposal(rule: MinibatchLearner, net: Network, x: Matrix, y: Matrix): Float64Array[] {
  const grads = new Gradients(net);
  new MinibatchStepper(net, getLoss('cross-entropy')).propose(rule, x, y, grads);
  return grads.byProjection.flatMap((g) => [g.weights.data.slice(), g.bias!.slice()]);
}

describe('every credit-assignment rule learns XOR and two moons (>= 95% test accuracy)', () => {
  // Plain target propagation needs well-trained inverses and a larger target step to learn XOR; its
  // systematic bias on two moons is documented in the README (it is why DTP exists).
  const creditAssignmentRules = ['backprop', 'feedback-alignment', 'direct-feedback-alignment', 'sign-symmetry', 'kolen-pollack', 'target-propagation', 'difference-target-propagation'];
  const ruleEntries = creditAssignmentRules.map((name) =>
    name === 'target-propagation' ? { rule: name, options: { inverseLearningRate: 0.01, noiseStd: 0, targetStepSize: 2 } } : { rule: name },
  );
  it.each(ruleEntries.map((e) => [e.rule, e] as const))('%s', async (name, entry) => {
    const spec = defineExperiment({
      name: 'small-tasks',
      description: 'every rule on XOR and two moons',
      rules: [entry],
      tasks: [{ task: 'xor', options: { repeats: 16, noise: 0.05 } }, ...(name === 'target-propagation' ? [] : [{ task: 'moons', options: { nTrain: 500, nTest: 500 } }])],
      seeds: 2,
      network: { hidden: [16, 16], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
      training: { epochs: 60, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9 } },
      probeSize: 0,
    });
    const records = await runExperiment(spec, { outDir: tempDir(), rules: builtinRules, quiet: true });
    for (const r of records) {
      expect(r.status, r.id).toBe('completed');
      expect(r.final.testAccuracy, r.id).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe('feedback alignment and its relatives', () => {
  it('with one hidden layer and the same B, FA and DFA propose identical updates', () => {
    const { net, x, y } = smallProblem({ sizes: [5, 7, 3], activation: 'tanh', output: 'softmax', batch: 8, seed: 3, oneHot: true });
    const fa = attach(feedbackAlignment, net);
    const dfa = attach(directFeedbackAlignment, net) as MinibatchLearner & { directFeedback(): Map<Population, Matrix> };
    const B = fa.feedbackWeights!().get(net.projection('hidden1->output'))!;
    dfa.directFeedback().get(net.population('hidden1'))!.data.set(B.data);
    expect(proposal(dfa, net, x, y)).toEqual(proposal(fa, net, x, y));
  });

  it("FA whose B is set to the current forward weights gives exactly backprop's update", () => {
    const { net, x, y } = smallProblem({ sizes: [4, 6, 5, 3], activation: 'relu', output: 'softmax', batch: 7, seed: 4, oneHot: true });
    const fa = attach(feedbackAlignment, net);
    for (const [proj, B] of fa.feedbackWeights!()) B.data.set(proj.weights.data);
    const bp = proposal(attach(backprop, net), net, x, y);
    expect(proposal(fa, net, x, y)).toEqual(bp);
    // ... and with its own random B it does not.
    expect(proposal(attach(feedbackAlignment, net, 9), net, x, y)).not.toEqual(bp);
  });

  it('during FA training the update-to-gradient angle falls well below 90° (alignment happens)', async () => {
    const spec = defineExperiment({
      name: 'fa-alignment',
      description: '',
      rules: ['feedback-alignment'],
      tasks: [{ task: 'moons', options: { nTrain: 500, nTest: 200 } }],
      seeds: 1,
      network: { hidden: [32, 32], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
      training: { epochs: 30, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9 } },
    });
    const [r] = await runExperiment(spec, { outDir: tempDir(), rules: builtinRules, quiet: true });
    const angle = (e: number) => r.epochs[e].diagnostics!['updateAngle/hidden1->hidden2'];
    // Random feedback starts nearly orthogonal to the gradient, then the forward weights align with B
    // (measured over seeds 1-3: 93/107/94° at the start, 34/48/55° after 30 epochs).
    expect(Math.max(angle(0), angle(1), angle(2))).toBeGreaterThan(80);
    expect(angle(30)).toBeLessThan(60);
    expect(r.epochs[30].diagnostics!['updateAngle/hidden2->output']).toBe(0); // the output layer gets the true error
  });

  it("Kolen-Pollack's feedback weights converge to the forward weights (angle < 10°)", async () => {
    const spec = defineExperiment({
      name: 'kp-alignment',
      description: '',
      rules: [{ rule: 'kolen-pollack', options: { weightDecay: 0.05 } }],
      tasks: [{ task: 'moons', options: { nTrain: 500, nTest: 200 } }],
      seeds: 1,
      network: { hidden: [32, 32], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
      training: { epochs: 40, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9 } },
    });
    const [r] = await runExperiment(spec, { outDir: tempDir(), rules: builtinRules, quiet: true });
    for (const p of ['hidden1->hidden2', 'hidden2->output']) {
      expect(r.epochs[0].diagnostics![`feedbackAngle/${p}`]).toBeGreaterThan(70);
      expect(r.epochs[40].diagnostics![`feedbackAngle/${p}`]).toBeLessThan(10);
    }
    expect(r.final.testAccuracy).toBeGreaterThanOrEqual(0.95);
  });
});

describe('difference target propagation', () => {
  it('on a linear invertible network with exact inverses gives the closed-form targets ĥ_l = h_l + (ĥ_{l+1} − h_{l+1}) W⁻¹', () => {
    const { net, x, y } = smallProblem({ sizes: [4, 4, 4, 4, 3], activation: 'linear', output: 'softmax', batch: 5, seed: 11, oneHot: true });
    const stepSize = 0.3;
    const dtp = attach(differenceTargetPropagation, net, 1, { targetStepSize: stepSize }) as MinibatchLearner & {
      inverses(): Map<Projection, LearnedInverse>;
      targets(batch: number): Matrix[];
    };
    // Make every inverse exact: g(y) = (y − b) W⁻¹, i.e. V = W⁻¹ and c = −b W⁻¹ (mathjs inverts).
    for (const [proj, g] of dtp.inverses()) {
      const Winv = inv(proj.weights.toArray()) as number[][];
      const gp = g.net.projections[0];
      gp.weights.data.set(Winv.flat());
      gp.bias!.set((multiply([Array.from(proj.bias!)], Winv) as number[][])[0].map((v) => -v));
    }
    const step = new MinibatchStepper(net, getLoss('cross-entropy')).forwardAndError(x, y);
    dtp.deliver(step);
    const targets = dtp.targets(5);
    // Independent closed form: top target from the per-example gradient, then down through W⁻¹ with mathjs.
    const h = (name: string) => step.forward.h[net.population(name).index].toArray();
    const Wout = net.projection('hidden3->output').weights.toArray();
    const eOut = step.delta[net.population('output').index]!.toArray().map((row) => row.map((v) => v * 5));
    const WoutT = Wout[0].map((_, j) => Wout.map((r) => r[j]));
    let expected = subtract(h('hidden3'), multiply(stepSize, multiply(eOut, WoutT)) as number[][]) as number[][];
    const closeTo = (got: Matrix, want: number[][]) => got.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 10)));
    closeTo(targets[net.population('hidden3').index], expected);
    for (const [lower, upper, proj] of [['hidden2', 'hidden3', 'hidden2->hidden3'], ['hidden1', 'hidden2', 'hidden1->hidden2']] as const) {
      const Winv = inv(net.projection(proj).weights.toArray()) as number[][];
      const diff = subtract(targets[net.population(upper).index].toArray(), h(upper)) as number[][];
      expected = (multiply(diff, Winv) as number[][]).map((row, i) => row.map((v, j) => v + h(lower)[i][j]));
      closeTo(targets[net.population(lower).index], expected);
    }
  });
});

describe('pluggability', () => {
  /** A rule defined outside src/ and rules/: feedback alignment with feedback matrices of all ones (a toy). */
  const onesFeedback: MinibatchRule<{ magnitude: number }> = {
    name: 'ones-feedback',
    regime: 'minibatch',
    summary: 'toy rule from a test file',
    defaults: { magnitude: 0.1 },
    create({ net, options }) {
      const B = new Map(net.projections.filter((p) => !p.pre.isInput).map((p) => [p, new Matrix(p.pre.size, p.post.size).fill(options.magnitude)] as const));
      return {
        deliver: (step) => propagateThroughFeedback(step, (proj) => B.get(proj)!),
        plasticity: presynapticTimesTeaching,
        feedbackWeights: () => B,
      };
    },
  };
  it('a rule defined in a test file registers by name and runs through the runner next to built-ins', async () => {
    const registry = { ...builtinRules, [onesFeedback.name]: onesFeedback };
    const spec = defineExperiment({
      name: 'plug',
      description: '',
      rules: ['backprop', 'ones-feedback', { rule: onesFeedback, label: 'ones-by-object', options: { magnitude: 0.05 } }],
      tasks: [{ task: 'moons', options: { nTrain: 300, nTest: 300 } }],
      seeds: 1,
      network: { hidden: [16], activation: 'tanh', output: 'softmax' },
      training: { epochs: 20, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9 } },
    });
    const records = await runExperiment(spec, { outDir: tempDir(), rules: registry, quiet: true });
    expect(records.map((r) => [r.ruleLabel, r.status])).toEqual([['backprop', 'completed'], ['ones-feedback', 'completed'], ['ones-by-object', 'completed']]);
    expect(records[1].final.testAccuracy).toBeGreaterThan(0.8);
    expect(records[2].ruleOptions).toEqual({ magnitude: 0.05 });
    expect(records[1].epochs[1].diagnostics!['feedbackAngle/hidden1->output']).toBeGreaterThan(0);
  });
});

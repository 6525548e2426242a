import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { tripletStdp } from '../../rules/triplet-stdp.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { defineExperiment, type RuleEntry } from '../../src/experiment/spec.js';
import { DiehlCookNetwork, diehlCookDefaults, diehlCookStdp } from '../../src/models/diehl-cook.js';
import { RandomStreams } from '../../src/random/streams.js';
import { createTask } from '../../src/tasks/registry.js';
import { tempDir } from '../support/cli.js';

const spec = (rules: RuleEntry[], trainLimit: number) =>
  defineExperiment({
    name: 'features-test',
    description: 'feature rules through the delta-rule readout',
    rules,
    tasks: [{ task: 'mnist', options: { trainLimit, testLimit: 1000 } }],
    seeds: 1,
    network: { hidden: [], activation: 'linear', output: 'softmax' },
    training: { epochs: 5, batchSize: 32, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true } },
    probeSize: 0,
  });

describe('feature rules: unsupervised features + delta-rule readout in the runner', () => {
  it('Hebbian (Sanger GHA) features of MNIST give a readout well above chance, with near-unit components', async () => {
    const [r] = await runExperiment(spec([{ rule: 'gha-features', options: { components: 10, epochs: 3 } }], 3000), { outDir: tempDir(), rules: builtinRules, quiet: true });
    expect(r.status).toBe('completed');
    expect(r.sizes).toEqual([784, 10, 10]);
    expect(r.final.testAccuracy!).toBeGreaterThan(0.7); // chance is 0.1
    expect(r.featureMetrics!.componentNormError).toBeLessThan(0.05);
  }, 120_000);

  it('STDP (Diehl & Cook) features: vote and readout above chance, bit-identical when rerun with the seed', async () => {
    const entry: RuleEntry = { rule: 'stdp-features', options: { excitatory: 20, trainImages: 1000, labelImages: 300, testImages: 300 } };
    const a = await runExperiment(spec([entry], 1000), { outDir: tempDir(), rules: builtinRules, quiet: true });
    const b = await runExperiment(spec([entry], 1000), { outDir: tempDir(), rules: builtinRules, quiet: true });
    expect(a[0].status).toBe('completed');
    expect(a[0].featureMetrics!.voteAccuracy).toBeGreaterThan(0.35); // chance is 0.1
    expect(a[0].final.testAccuracy!).toBeGreaterThan(0.35);
    expect(a[0].weightsHash).toBe(b[0].weightsHash);
    const { stdpSeconds: _a, ...fa } = a[0].featureMetrics!, { stdpSeconds: _b, ...fb } = b[0].featureMetrics!;
    expect(fa).toEqual(fb);
    expect(a[0].final).toEqual(b[0].final);
  }, 120_000);

  it('the other two Diehl & Cook learning rules (triplet, power-law) learn features well above chance too; an unknown one is named', async () => {
    for (const learningRule of ['triplet', 'power-law'] as const) {
      const [r] = await runExperiment(spec([{ rule: 'stdp-features', options: { excitatory: 20, learningRule, trainImages: 1000, labelImages: 300, testImages: 300 } }], 1000), { outDir: tempDir(), rules: builtinRules, quiet: true });
      expect(r.status).toBe('completed');
      expect(r.featureMetrics!.voteAccuracy).toBeGreaterThan(0.35); // chance is 0.1
    }
    const [bad] = await runExperiment(spec([{ rule: 'stdp-features', options: { learningRule: 'hebb' } }], 500), { outDir: tempDir(), rules: builtinRules, quiet: true });
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/option "learningRule" must be one of pair, triplet, power-law, got "hebb"/);
  }, 120_000);

  it('an unknown option of a feature rule is named before anything runs', async () => {
    await expect(runExperiment(spec([{ rule: 'gha-features', options: { component: 3 } }], 500), { outDir: tempDir(), rules: builtinRules, quiet: true })).rejects.toThrow(/unknown option "component"/);
  });
});

describe('Diehl & Cook network wiring', () => {
  it('normalises each neuron\'s input weights to 78, inhibits every other excitatory neuron, and keeps thresholds through rest', async () => {
    const streams = new RandomStreams(3);
    const task = await createTask('mnist', { trainLimit: 20, testLimit: 10 }, streams.fork('task'));
    const dc = new DiehlCookNetwork({ ...diehlCookDefaults, excitatory: 10 }, 784, streams.fork('dc'), { rule: tripletStdp, options: { ...tripletStdp.defaults, ...diehlCookStdp } });
    dc.normalise();
    const sums = new Float64Array(10);
    dc.feedforward.weight.forEach((w, k) => (sums[dc.feedforward.postIndex[k]] += w));
    for (const s of sums) expect(Math.abs(s - 78)).toBeLessThan(1e-9);
    const inh = dc.net.synapses.find((g) => g.pre === dc.inhibitory)!;
    for (let i = 0; i < 10; i++) {
      const targets = Array.from(inh.postIndex.subarray(inh.rowStart[i], inh.rowStart[i + 1]));
      expect(targets).toHaveLength(9);
      expect(targets).not.toContain(i);
    }
    let spikes = 0;
    for (let r = 0; r < 5; r++) spikes += dc.present(task.train.inputs, r).reduce((a, b) => a + b, 0);
    expect(spikes).toBeGreaterThan(0);
    const theta = Array.from(dc.theta);
    // θ started at θ0 = 20 mV and decayed for the presentations and their 150 ms rests (10⁷ ms time constant);
    // each spike added θ+ = 0.05 mV on top.
    const elapsed = (dc.sim.t * (350 + 150)) / 350;
    const fromTheta0 = 10 * diehlCookDefaults.theta0 * Math.exp(-elapsed / diehlCookDefaults.tauTheta);
    expect(Math.max(...theta)).toBeGreaterThan(diehlCookDefaults.theta0);
    expect(theta.reduce((a, b) => a + b, 0) - fromTheta0).toBeGreaterThan(0.05 * spikes * 0.999);
  }, 60_000);
});

/**
 * Spiking networks in experiments: `network.spiking` with the through-time rules, validated before anything
 * runs (the pairing of rule and network, the spiking fields, the task's encoder and steps, the memory at a
 * number of steps), and run by the experiment runner with the same records on one thread and on two workers.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { runFileName } from '../../src/experiment/file-names.js';
import { readNpy } from '../../src/experiment/npy.js';
import { planRuns } from '../../src/experiment/plan.js';
import { parseRunsJsonl } from '../../src/experiment/records.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { hashSpikingWeights } from '../../src/experiment/spiking-run.js';
import { loadSpikingWeights } from '../../src/experiment/spiking-weights-io.js';
import { defineExperiment, type ExperimentSpec } from '../../src/experiment/spec.js';
import { checkPlannedRuns, validateSpec } from '../../src/experiment/validate.js';
import { builtinTasks } from '../../src/tasks/registry.js';
import { tempDir } from '../support/cli.js';

const snn = defineExperiment({
  name: 'snn',
  description: 'a small spiking comparison',
  rules: ['bptt', 'eprop-symmetric', 'eprop-random', 'eprop-adaptive'],
  tasks: [{ task: 'randman', options: { classes: 3, units: 12, steps: 30, nTrain: 150, nTest: 60 } }, { task: 'yin-yang', options: { nTrain: 150, nTest: 60 } }],
  seeds: 2,
  network: { spiking: { size: 16, neuron: 'alif', recurrent: true, tauMem: 10, inputGain: 5 } },
  training: { epochs: 2, batchSize: 25, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 0.01 } },
  perTask: { 'yin-yang': { training: { steps: 20, encoder: { kind: 'latency', tau: 10, threshold: 0.05 } } } },
  probeSize: 32,
});

function validate(patch: (s: ExperimentSpec) => unknown): () => void {
  return () => {
    const spec = patch(structuredClone(snn)) as ExperimentSpec;
    validateSpec(spec, builtinRules);
    checkPlannedRuns(planRuns(spec, builtinRules), builtinTasks, 1);
  };
}
const withNetwork = (s: ExperimentSpec, spiking: object) => ({ ...s, network: { spiking: { ...s.network.spiking, ...spiking } } });

describe('spec validation of spiking networks', () => {
  it('accepts the through-time rules on a spiking network, on a sequence task and an encoded one', () => expect(validate((s) => s)).not.toThrow());

  it('refuses a rule from the other regime, naming the rule and the population', () => {
    expect(validate((s) => ({ ...s, rules: ['backprop'] }))).toThrow(/rule "backprop" is a minibatch rule for rate networks; it has no defined meaning on the spiking population "hidden" \(network\.spiking\): use bptt, eprop-symmetric/);
    expect(validate((s) => ({ ...s, network: { hidden: [16], activation: 'relu', output: 'softmax' } }))).toThrow(/rule "bptt" trains spiking networks through time; this network has no spiking layer/);
    expect(validate((s) => ({ ...s, rules: ['stdp'] }))).toThrow(/rule "stdp" is a time-stepped rule/);
  });

  it('names a bad spiking field and what was expected', () => {
    expect(validate((s) => withNetwork(s, { spike: { kind: 'heaviside', surrogate: 'arctan' } }))).toThrow(/network\.spiking\.spike\.surrogate: unknown surrogate "arctan"; valid surrogates are triangle, fast-sigmoid, exponential/);
    expect(validate((s) => withNetwork(s, { neuron: 'adex' }))).toThrow(/network\.spiking\.neuron: expected "lif" or "alif", got "adex"/);
    expect(validate((s) => withNetwork(s, { size: -3 }))).toThrow(/network\.spiking\.size: expected a whole number >= 1, got -3/);
    expect(validate((s) => withNetwork(s, { tau: 5 }))).toThrow(/network\.spiking: unknown key "tau"; valid keys are size, neuron, recurrent, tauMem/);
    expect(validate((s) => ({ ...s, network: { ...s.network, hidden: [4] } }))).toThrow(/network: give one of hidden .* not hidden and spiking/);
    expect(validate((s) => ({ ...s, network: { ...s.network, activation: 'relu' } }))).toThrow(/network: activation and output have no meaning for a spiking network/);
    expect(validate((s) => ({ ...s, training: { ...s.training, loss: 'mse' } }))).toThrow(/training\.loss: a spiking network is trained on its readout's cross-entropy/);
    expect(validate((s) => ({ ...s, training: { ...s.training, encoder: { kind: 'poisson' } } }))).toThrow(/training\.encoder\.kind: expected "rate" \(Poisson spikes\) or "latency"/);
    expect(validate((s) => ({ ...s, training: { ...s.training, steps: 0 } }))).toThrow(/training\.steps: expected a whole number of steps >= 1, got 0/);
  });

  it('checks the task: an encoder and steps for static inputs, none for a sequence task', () => {
    expect(validate((s) => ({ ...s, perTask: {} }))).toThrow(/training\.encoder: task "yin-yang" has static inputs; a spiking network needs an encoder/);
    expect(validate((s) => ({ ...s, training: { ...s.training, steps: 40 } }))).toThrow(/training\.steps: 40, but task "randman" is a sequence of 30 steps/);
    expect(validate((s) => ({ ...s, training: { ...s.training, lossFrom: 31 } }))).toThrow(/training\.lossFrom: 31, after the last of the 30 steps/);
  });

  it('names the memory a run would need at its number of steps: BPTT grows with them, e-prop does not', () => {
    const long = (rules: string[], probeSize: number) => (s: ExperimentSpec) => ({ ...s, rules, probeSize, perTask: {}, tasks: [{ task: 'randman', options: { classes: 3, units: 12, steps: 2_000_000, nTrain: 5, nTest: 5 } }] });
    expect(validate(long(['bptt'], 0))).toThrow(/network\.spiking: a run of 2000000 steps with 16 neurons and batches of 25 needs about .* of memory, more than .*bptt keeps every step; e-prop's memory does not grow with the steps/);
    // e-prop's traces do not grow, but the probe's BPTT pass does, and the message says how to turn it off.
    expect(validate(long(['eprop-random'], 32))).toThrow(/the probe batch of 32 examples, on which BPTT measures the angles, keeps every step: experiment\.probeSize 0 turns it off/);
  });
});

describe('per-task settings by label', () => {
  it('one task twice, rate- and latency-coded, each with its own settings; a perTask key that names nothing is refused', () => {
    const spec = {
      ...structuredClone(snn),
      tasks: ['yin-yang', { task: 'yin-yang', label: 'yin-yang-latency' }],
      perTask: {
        'yin-yang': { training: { steps: 20, encoder: { kind: 'rate' as const, maxRate: 300 } } },
        'yin-yang-latency': { training: { steps: 20, lossFrom: 5, encoder: { kind: 'latency' as const, tau: 10, threshold: 0.05 } } },
      },
    };
    validateSpec(spec, builtinRules);
    const runs = planRuns(spec, builtinRules);
    checkPlannedRuns(runs, builtinTasks, 1);
    const of = (label: string) => runs.find((r) => r.taskLabel === label)!.training;
    expect(of('yin-yang').encoder).toEqual({ kind: 'rate', maxRate: 300 });
    expect(of('yin-yang-latency')).toMatchObject({ lossFrom: 5, encoder: { kind: 'latency', tau: 10, threshold: 0.05 } });
    expect(() => validateSpec({ ...spec, perTask: { 'yin-yang-rate': {} } }, builtinRules)).toThrow(/perTask\.yin-yang-rate: no task named or labelled "yin-yang-rate" in this experiment; tasks are yin-yang, yin-yang-latency/);
  });
});

describe('spiking runs in the experiment runner', () => {
  it('run every rule on both tasks, and two workers give the records of one thread', async () => {
    const [one, two] = [tempDir(), tempDir()];
    await runExperiment(snn, { outDir: one, rules: builtinRules, quiet: true });
    await runExperiment(snn, { outDir: two, rules: builtinRules, quiet: true, workers: 2 });
    const read = (d: string) => parseRunsJsonl(readFileSync(join(d, 'runs.jsonl'), 'utf8')).map((r) => ({ ...r, wallSeconds: 0, epochs: r.epochs.map((e) => ({ ...e, seconds: 0 })) })).sort((a, b) => a.id.localeCompare(b.id));
    const records = read(one);
    expect(records).toHaveLength(16);
    for (const r of records) {
      expect(r.status, r.id).toBe('completed');
      expect(r.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]);
      expect(r.weightsHash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.epochs[2].diagnostics!['updateAngle/recurrent']).toBeGreaterThanOrEqual(0);
    }
    expect(read(two)).toEqual(records);
    // Seeds differ, rules differ: the weights do too.
    expect(new Set(records.map((r) => r.weightsHash)).size).toBe(16);
  });

  it('--save-weights saves each spiking run as NumPy files that load back to the recorded hash; foreign and damaged folders are named', async () => {
    const out = tempDir();
    const spec = { ...snn, rules: ['bptt', 'eprop-random'], tasks: [snn.tasks[0]], perTask: {}, seeds: 1 };
    await runExperiment(spec, { outDir: out, rules: builtinRules, quiet: true, saveWeights: true });
    const records = parseRunsJsonl(readFileSync(join(out, 'runs.jsonl'), 'utf8'));
    expect(records).toHaveLength(2);
    for (const r of records) {
      expect(r.weightsError, r.id).toBeUndefined();
      const dir = join(out, 'weights', runFileName(r.id));
      const net = loadSpikingWeights(dir);
      expect(hashSpikingWeights(net)).toBe(r.weightsHash);
      expect(net.spec.hidden).toMatchObject({ size: 16, neuron: 'alif', recurrent: true });
      expect(readNpy(join(dir, 'input.weights.npy')).shape).toEqual([12, 16]);
      expect(readNpy(join(dir, 'recurrent.weights.npy')).shape).toEqual([16, 16]);
    }
    const dir = join(out, 'weights', runFileName(records[0].id));
    // A damaged file, a file of the wrong shape, a rate network's folder, no folder at all.
    const broken = tempDir();
    cpSync(dir, broken, { recursive: true });
    writeFileSync(join(broken, 'readout.bias.npy'), readFileSync(join(broken, 'readout.bias.npy')).subarray(0, 70));
    expect(() => loadSpikingWeights(broken)).toThrow(/readout\.bias\.npy/);
    cpSync(join(dir, 'readout.bias.npy'), join(broken, 'readout.bias.npy'));
    cpSync(join(dir, 'readout.bias.npy'), join(broken, 'readout.weights.npy'));
    expect(() => loadSpikingWeights(broken)).toThrow(/readout\.weights\.npy: shape 3, but the network in network.json needs 16 × 3/);
    writeFileSync(join(broken, 'network.json'), JSON.stringify({ format: 'plasticity-weights', version: 1 }));
    expect(() => loadSpikingWeights(broken)).toThrow(/format "plasticity-weights", expected "plasticity-spiking-weights"/);
    writeFileSync(join(broken, 'network.json'), '{"format": "plasticity-spik');
    expect(() => loadSpikingWeights(broken)).toThrow(/network\.json: not valid JSON/);
    expect(() => loadSpikingWeights(join(broken, 'nowhere'))).toThrow(/no network\.json/);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { planRuns } from '../../src/experiment/plan.js';
import { defineExperiment, type ExperimentSpec } from '../../src/experiment/spec.js';
import { checkPlannedRuns, SpecError, validateSpec } from '../../src/experiment/validate.js';
import { builtinTasks } from '../../src/tasks/registry.js';
import { cli, ROOT, tempDir } from '../support/cli.js';

const good = defineExperiment({
  name: 'ok',
  description: '',
  rules: ['backprop', { rule: 'feedback-alignment', options: { feedbackScale: 0.5 } }],
  tasks: ['moons'],
  seeds: 2,
  network: { hidden: [8], activation: 'tanh', output: 'softmax' },
  training: { epochs: 2, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.1 } },
  perRule: { 'feedback-alignment': { training: { optimiser: { kind: 'sgd', lr: 0.05 } } } },
});
const check = (patch: (s: ExperimentSpec) => unknown) => () => validateSpec(patch(structuredClone({ ...good, rules: good.rules })) as ExperimentSpec, builtinRules);

describe('spec validation', () => {
  it('accepts a correct spec', () => expect(check((s) => s)).not.toThrow());
  it('names unknown rules, tasks, keys and options and lists what is valid', () => {
    expect(check((s) => ({ ...s, rules: ['backprob'] }))).toThrow(/rules\[0\]: unknown rule "backprob"; valid rules are .*backprop.*feedback-alignment/);
    expect(check((s) => ({ ...s, tasks: ['mnsit'] }))).toThrow(/tasks\[0\]: unknown task "mnsit"; valid tasks are xor, moons/);
    expect(check((s) => ({ ...s, epochs: 3 }))).toThrow(/experiment: unknown key "epochs"; valid keys are name, description, rules/);
    expect(check((s) => ({ ...s, training: { ...s.training, lr: 0.1 } }))).toThrow(/training: unknown key "lr"; valid keys are epochs, batchSize, loss, optimiser, schedule/);
    expect(check((s) => ({ ...s, rules: [{ rule: 'feedback-alignment', options: { scale: 2 } }] }))).toThrow(/rules\[0\]: rule "feedback-alignment": unknown option "scale"; valid options are feedbackInit, feedbackScale/);
    expect(check((s) => ({ ...s, tasks: [{ task: 'moons', options: { noize: 0.1 } }] }))).toThrow(/tasks\[0\].options: unknown option "noize" for task "moons"/);
    expect(check((s) => ({ ...s, perRule: { fa: {} } }))).toThrow(/perRule.fa: no rule labelled "fa"/);
  });
  it('names wrong types and impossible sizes', () => {
    expect(check((s) => ({ ...s, network: { ...s.network, hidden: [8, 0] } }))).toThrow(/network.hidden: expected a list of positive integers/);
    expect(check((s) => ({ ...s, network: { ...s.network, activation: 'gelu' } }))).toThrow(/network.activation: unknown activation "gelu"; valid activations are linear, sigmoid/);
    expect(check((s) => ({ ...s, training: { ...s.training, batchSize: '32' } }))).toThrow(/training.batchSize: expected a positive integer, got "32"/);
    expect(check((s) => ({ ...s, training: { ...s.training, optimiser: { kind: 'adam', lr: -1 } } }))).toThrow(/training.optimiser.lr: expected a finite number >= 0/);
    expect(check((s) => ({ ...s, seeds: 0 }))).toThrow(/experiment.seeds/);
    expect(check((s) => s)).not.toThrow(SpecError);
  });
  it('a rule limited to some tasks runs only on those, by label; a label the experiment lacks is named', () => {
    const spec = { ...good, tasks: ['moons', { task: 'moons', label: 'moons-noisy', options: { noise: 0.3 } }], rules: ['backprop', { rule: 'feedback-alignment', tasks: ['moons-noisy'] }] };
    expect(() => validateSpec(spec, builtinRules)).not.toThrow();
    const ids = planRuns(spec, builtinRules).map((r) => r.id);
    expect(ids).toEqual(['backprop/moons/seed1', 'backprop/moons/seed2', 'backprop/moons-noisy/seed1', 'backprop/moons-noisy/seed2', 'feedback-alignment/moons-noisy/seed1', 'feedback-alignment/moons-noisy/seed2']);
    // A labelled task goes by its label only: its name does not select it.
    expect(planRuns({ ...spec, rules: [{ rule: 'backprop', tasks: ['moons'] }] }, builtinRules).map((r) => r.taskLabel)).toEqual(['moons', 'moons']);
    expect(check((s) => ({ ...s, rules: [{ rule: 'backprop', tasks: ['mons'] }] }))).toThrow(/rules\[0\].tasks: no task labelled "mons" in this experiment .*tasks are moons/);
    expect(check((s) => ({ ...s, rules: [{ rule: 'backprop', tasks: [] }] }))).toThrow(/rules\[0\].tasks: expected a non-empty list of task labels or names, got \[\]/);
    expect(check((s) => ({ ...s, rules: [{ rule: 'backprop', tasks: 'moons' }] }))).toThrow(/rules\[0\].tasks: expected a non-empty list/);
  });
  it('a feature rule\'s readout without activations is refused before anything runs, naming the run', () => {
    expect(check((s) => ({ ...s, rules: ['gha-features'], perRule: {}, network: { hidden: [] } }))).toThrow(/network.activation: missing: a rate network needs one; valid activations are linear/);
    // A spiking experiment whose feature rule swaps in a layer of its own, without saying how the readout fires.
    const spiking = { ...good, rules: ['bptt', 'gha-features'], perRule: { 'gha-features': { network: { hidden: [] } } }, network: { spiking: { size: 8, neuron: 'lif', recurrent: false } }, training: { ...good.training, optimiser: { kind: 'adam', lr: 1e-3 }, steps: 5, encoder: { kind: 'rate', maxRate: 200 } } };
    expect(() => validateSpec(spiking as ExperimentSpec, builtinRules)).not.toThrow();
    expect(() => checkPlannedRuns(planRuns(spiking as ExperimentSpec, builtinRules), builtinTasks, 1)).toThrow(/run gha-features\/moons\/seed1: rule "gha-features" trains a rate readout on its features; network: a rate network needs activation and output/);
  });
  it('--tasks leaves out a rule whose tasks are all left out, and its per-rule settings with it', () => {
    const dir = tempDir();
    const file = join(dir, 'only.mts');
    const spec = { ...good, seeds: 1, training: { ...good.training, epochs: 1 }, tasks: ['moons', 'xor'], rules: ['backprop', { rule: 'feedback-alignment', tasks: ['xor'] }] };
    writeFileSync(file, `import { defineExperiment } from '${join(ROOT, 'src/experiment/spec.js')}';\nexport default defineExperiment(${JSON.stringify(spec)});\n`);
    const r = cli(['run', file, '--tasks', 'moons', '--out', join(dir, 'out'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ids = readFileSync(join(dir, 'out', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toEqual(['backprop/moons/seed1']);
    const none = cli(['run', file, '--rules', 'feedback-alignment', '--tasks', 'moons', '--out', join(dir, 'none'), '--quiet']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--tasks moons: none of the rules chosen runs on that task \(feedback-alignment on xor\)/);
  });
  it('the CLI exits with code 2 and names the field for an invalid spec file', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.mts'); // .mts: an ES module wherever it lives
    writeFileSync(file, `import { defineExperiment } from '${join(ROOT, 'src/experiment/spec.js')}';\nexport default defineExperiment(${JSON.stringify({ ...good, training: { ...good.training, loss: 'hinge' } })});\n`);
    const r = cli(['run', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid experiment: training.loss: unknown loss "hinge"; valid losses are mse, cross-entropy/);
  });
});

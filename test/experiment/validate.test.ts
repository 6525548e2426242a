import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { defineExperiment, type ExperimentSpec } from '../../src/experiment/spec.js';
import { SpecError, validateSpec } from '../../src/experiment/validate.js';
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
  it('the CLI exits with code 2 and names the field for an invalid spec file', () => {
    const dir = tempDir();
    const file = join(dir, 'bad.mts'); // .mts: an ES module wherever it lives
    writeFileSync(file, `import { defineExperiment } from '${join(ROOT, 'src/experiment/spec.js')}';\nexport default defineExperiment(${JSON.stringify({ ...good, training: { ...good.training, loss: 'hinge' } })});\n`);
    const r = cli(['run', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid experiment: training.loss: unknown loss "hinge"; valid losses are mse, cross-entropy/);
  });
});

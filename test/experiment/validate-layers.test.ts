/**
 * The spec validator on conv nets: `layers` and `hidden` are two ways to write one network (exactly one of
 * them), layer keys and values are checked before anything runs, every planned run's layers are fitted to
 * its task's image shape (errors name the layer, the one before it and the task), rules that train dense
 * projections only are refused on conv layers with the rule and the layer named, and augmentation needs a
 * task with images.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { planRuns } from '../../src/experiment/plan.js';
import { defineExperiment, type ExperimentSpec } from '../../src/experiment/spec.js';
import { checkPlannedRuns, validateSpec } from '../../src/experiment/validate.js';
import { builtinTasks } from '../../src/tasks/registry.js';

const cnn = defineExperiment({
  name: 'cnn',
  description: '',
  rules: ['backprop', 'feedback-alignment', 'direct-feedback-alignment', 'sign-symmetry', 'kolen-pollack'],
  tasks: [{ task: 'mnist', options: { trainLimit: 256, testLimit: 64 } }],
  seeds: 1,
  network: { layers: [{ conv: 8, kernel: 3 }, { pool: 'max', size: 2 }, { dense: 16 }], activation: 'relu', output: 'softmax' },
  training: { epochs: 1, batchSize: 32, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 1e-3 }, augment: { crop: 2, flip: false } },
});

/** Everything `plasticity run` checks before the first run: the spec, then every planned run against its task. */
function validate(patch: (s: ExperimentSpec) => unknown): () => void {
  return () => {
    const spec = patch(structuredClone(cnn)) as ExperimentSpec;
    validateSpec(spec, builtinRules);
    checkPlannedRuns(planRuns(spec, builtinRules), builtinTasks, 1);
  };
}

describe('spec validation of conv nets', () => {
  it('accepts a conv net for every rule that trains conv layers, with augmentation on an image task', () => expect(validate((s) => s)).not.toThrow());

  it('takes exactly one of hidden and layers', () => {
    expect(validate((s) => ({ ...s, network: { ...s.network, hidden: [8] } }))).toThrow(/network: give one of hidden \(an MLP's layer sizes\), layers .*not hidden and layers/);
    expect(validate((s) => ({ ...s, network: { activation: 'relu', output: 'softmax' } }))).toThrow(/network: expected hidden .*, layers .* or spiking/);
  });

  it('checks layer keys and values', () => {
    expect(validate((s) => ({ ...s, network: { ...s.network, layers: [{ conv: 8, kernal: 3 }] } }))).toThrow(/network\.layers\[0\]: unknown key "kernal" for a conv layer/);
    expect(validate((s) => ({ ...s, network: { ...s.network, layers: [{ pool: 'max', size: 0 }] } }))).toThrow(/network\.layers\[0\]\.size: expected a positive integer, got 0/);
    expect(validate((s) => ({ ...s, network: { ...s.network, layers: 'conv' } }))).toThrow(/network\.layers: expected a list of layers/);
  });

  it("fits the layers to the task's images, naming both layers, their shapes and the task", () => {
    expect(validate((s) => ({ ...s, network: { ...s.network, layers: [{ conv: 8, kernel: 3, stride: 4 }, { pool: 'max', size: 2 }, { conv: 4, kernel: 5 }] } })))
      .toThrow(/network\.layers\[2\] \{"conv":4,"kernel":5\} cannot follow layers\[1\] \{"pool":"max","size":2\} \(output 8×3×3\): .*\(task "mnist"\)/);
    expect(validate((s) => ({ ...s, tasks: ['moons'], training: { ...s.training, augment: undefined } })))
      .toThrow(/network\.layers\[0\] \{"conv":8,"kernel":3\} needs feature maps .* the task's input \(a vector of 2\) is a vector.* \(task "moons"\)/);
  });

  for (const rule of ['target-propagation', 'difference-target-propagation']) {
    it(`refuses ${rule} on conv layers, naming the rule, the layer and why`, () => {
      expect(validate((s) => ({ ...s, rules: [rule] }))).toThrow(new RegExp(`rules: run .*: rule "${rule}" cannot train a network with conv2d projections \\(network\\.layers\\[0\\] \\{"conv":8,"kernel":3\\}\\); it trains dense projections only: .*`));
      // The same rule on dense layers of the same task is fine.
      expect(validate((s) => ({ ...s, rules: [rule], network: { ...s.network, layers: [{ dense: 16 }] } }))).not.toThrow();
    });
  }

  it('checks augmentation values, and refuses it on a task without images', () => {
    expect(validate((s) => ({ ...s, training: { ...s.training, augment: { crop: -1, flip: false } } }))).toThrow(/training\.augment\.crop: expected the largest shift in pixels, an integer >= 0, got -1/);
    expect(validate((s) => ({ ...s, training: { ...s.training, augment: { crop: 2, flip: 'yes' } } }))).toThrow(/training\.augment\.flip: expected true or false, got "yes"/);
    expect(validate((s) => ({ ...s, training: { ...s.training, augment: { crop: 2 } } }))).toThrow(/training\.augment\.flip/);
    expect(validate((s) => ({ ...s, training: { ...s.training, augment: { crop: 2, flip: true, rotate: 5 } } }))).toThrow(/training\.augment: unknown key "rotate"/);
    expect(validate((s) => ({ ...s, training: { ...s.training, augment: { crop: 28, flip: false } } }))).toThrow(/training\.augment\.crop: 28 pixels would move task "mnist"'s 28×28 images out of the frame; expected 0 to 27/);
    expect(validate((s) => ({ ...s, tasks: ['moons'], network: { ...s.network, layers: [{ dense: 4 }] } }))).toThrow(/training\.augment: task "moons" has no image shape \(its inputs are a vector of 2\); crop and flip need images/);
  });

  it('sizes a conv net by its feature maps: a batch that cannot fit in memory is refused before it runs', () => {
    expect(validate((s) => ({ ...s, network: { ...s.network, layers: [{ conv: 4096, kernel: 3, padding: 'same' }, { dense: 16 }] }, training: { ...s.training, batchSize: 4096 } })))
      .toThrow(/network\.layers: a run of the 1×28×28 → conv1 4096×28×28 → fc1 16 → output 10 network needs about [\d.]+ GB of memory, more than .*; use smaller layers or a smaller training\.batchSize/);
  });
});

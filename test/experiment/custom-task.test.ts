import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { defineExperiment } from '../../src/experiment/spec.js';
import { builtinTasks } from '../../src/tasks/registry.js';
import type { TaskFactory } from '../../src/tasks/task.js';
import { tempDir } from '../support/cli.js';

/** A researcher's own task: label = whether x0 + x1 > 1 on points of the unit square, drawn from the run's streams. */
const halfPlane: TaskFactory = {
  name: 'half-plane',
  summary: 'points of the unit square labelled by the side of x0 + x1 = 1',
  kind: 'classification',
  defaults: { n: 400 },
  create(options, streams) {
    const make = (n: number, stream: string) => {
      const s = streams.stream(stream), inputs = new Matrix(n, 2), targets = new Matrix(n, 2), labels = new Int32Array(n);
      for (let r = 0; r < n; r++) {
        const a = s.uniform(), b = s.uniform();
        inputs.set(r, 0, a);
        inputs.set(r, 1, b);
        labels[r] = a + b > 1 ? 1 : 0;
        targets.set(r, labels[r], 1);
      }
      return { inputs, targets, labels };
    };
    return { name: 'half-plane', kind: 'classification', inputSize: 2, outputSize: 2, train: make(options.n as number, 'train'), test: make(200, 'test'), options };
  },
};

const spec = defineExperiment({
  name: 'custom-task',
  description: 'a task registered by the caller',
  rules: ['backprop'],
  tasks: [{ task: 'half-plane', options: { n: 600 } }],
  seeds: 1,
  network: { hidden: [8], activation: 'tanh', output: 'softmax' },
  training: { epochs: 30, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.1, momentum: 0.9 } },
  probeSize: 0,
});

describe('a task registered through RunOptions.tasks', () => {
  it('is validated (options included) and trained like a built-in one', async () => {
    const [r] = await runExperiment(spec, { outDir: tempDir(), rules: builtinRules, tasks: { ...builtinTasks, [halfPlane.name]: halfPlane }, quiet: true, workers: 2 });
    expect(r.status).toBe('completed');
    expect(r.final.testAccuracy!).toBeGreaterThan(0.95);
    await expect(runExperiment({ ...spec, tasks: [{ task: 'half-plane', options: { m: 1 } }] }, { outDir: tempDir(), rules: builtinRules, tasks: { ...builtinTasks, [halfPlane.name]: halfPlane }, quiet: true })).rejects.toThrow(/unknown option "m" for task "half-plane"/);
  });

  it('without registration the name is rejected, listing the valid tasks', async () => {
    await expect(runExperiment(spec, { outDir: tempDir(), rules: builtinRules, quiet: true })).rejects.toThrow(/unknown task "half-plane"; valid tasks are xor, moons/);
  });
});

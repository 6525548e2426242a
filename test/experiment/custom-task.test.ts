import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { defineExperiment } from '../../src/experiment/spec.js';
import { builtinTasks } from '../../src/tasks/registry.js';
import { parseRunsJsonl } from '../../src/experiment/records.js';
import { halfPlane } from './fixtures/half-plane-task.js';
import { tempDir } from '../support/cli.js';

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
    const [r] = await runExperiment(spec, { outDir: tempDir(), rules: builtinRules, tasks: { ...builtinTasks, [halfPlane.name]: halfPlane }, quiet: true });
    expect(r.status).toBe('completed');
    expect(r.final.testAccuracy!).toBeGreaterThan(0.95);
    await expect(runExperiment({ ...spec, tasks: [{ task: 'half-plane', options: { m: 1 } }] }, { outDir: tempDir(), rules: builtinRules, tasks: { ...builtinTasks, [halfPlane.name]: halfPlane }, quiet: true })).rejects.toThrow(/unknown option "m" for task "half-plane"/);
  });

  it('runs on worker threads that import the module defining it, with the same bits as one thread', async () => {
    const registered = { ...builtinTasks, [halfPlane.name]: halfPlane };
    const two = { ...spec, seeds: 2, training: { ...spec.training, epochs: 5 } };
    const [one, threads] = [tempDir(), tempDir()];
    await runExperiment(two, { outDir: one, rules: builtinRules, tasks: registered, quiet: true });
    await runExperiment(two, { outDir: threads, rules: builtinRules, tasks: registered, quiet: true, workers: 2, workerModule: new URL('./fixtures/half-plane-task.ts', import.meta.url) });
    const read = (d: string) => parseRunsJsonl(readFileSync(join(d, 'runs.jsonl'), 'utf8')).map((r) => ({ ...r, wallSeconds: 0, epochs: r.epochs.map((e) => ({ ...e, seconds: 0 })) })).sort((a, b) => a.id.localeCompare(b.id));
    expect(read(threads)).toEqual(read(one));
    // Without the module the worker threads cannot know the task, and say what to do.
    await expect(runExperiment(two, { outDir: tempDir(), rules: builtinRules, tasks: registered, quiet: true, workers: 2 })).rejects.toThrow(/worker threads need to import the module that defines task "half-plane": name it in RunOptions.workerModule/);
  });

  it('without registration the name is rejected, listing the valid tasks', async () => {
    await expect(runExperiment(spec, { outDir: tempDir(), rules: builtinRules, quiet: true })).rejects.toThrow(/unknown task "half-plane"; valid tasks are xor, moons/);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { planRuns } from '../../src/experiment/plan.js';
import { parseRunsJsonl } from '../../src/experiment/records.js';
import { runExperiment } from '../../src/experiment/runner.js';
import { defineExperiment } from '../../src/experiment/spec.js';
import { builtinTasks } from '../../src/tasks/registry.js';
import type { TaskFactory } from '../../src/tasks/task.js';
import { tempDir } from '../support/cli.js';

const base = defineExperiment({
  name: 'runner-test',
  description: 'small runs for the runner tests',
  rules: ['backprop'],
  tasks: [{ task: 'moons', options: { nTrain: 300, nTest: 300 } }],
  seeds: 2,
  network: { hidden: [16], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
  training: { epochs: 30, batchSize: 16, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.1, momentum: 0.9 } },
});

describe('runExperiment', () => {
  it('backprop learns two moons and XOR to >= 95% test accuracy', async () => {
    const spec = { ...base, tasks: [...base.tasks, { task: 'xor', options: { repeats: 16, noise: 0.05 } }] };
    const records = await runExperiment(spec, { outDir: tempDir(), rules: builtinRules, quiet: true });
    expect(records).toHaveLength(4);
    for (const r of records) {
      expect(r.status).toBe('completed');
      expect(r.final.testAccuracy).toBeGreaterThanOrEqual(0.95);
      expect(r.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    }
  });

  it('records a diverging run with its epoch, a failing run with its message, and goes on', async () => {
    const spec = defineExperiment({
      ...base,
      seeds: 1,
      rules: [
        { rule: 'backprop', label: 'exploding', options: {} },
        { rule: 'backprop', label: 'fine' },
      ],
      tasks: [{ task: 'moons', options: { nTrain: 200, nTest: 100 } }, { task: 'unreadable', label: 'broken' }],
      grid: { 'training.optimiser.lr': [1e6, 0.1] },
      training: { ...base.training, epochs: 5, loss: 'mse', optimiser: { kind: 'sgd', lr: 0.1 } },
      network: { ...base.network, output: 'linear', activation: 'relu' },
    });
    const dir = tempDir();
    // A task whose data cannot be made only fails when its run starts (its options are fine).
    const unreadable: TaskFactory = { name: 'unreadable', summary: 'a data set that cannot be read', kind: 'classification', defaults: {}, create: () => { throw new Error('unreadable: the data file is corrupt'); } };
    const records = await runExperiment(spec, { outDir: dir, rules: builtinRules, tasks: { ...builtinTasks, unreadable }, quiet: true });
    expect(records).toHaveLength(8);
    const byId = Object.fromEntries(records.map((r) => [r.id, r]));
    const exploding = byId['exploding/moons/training.optimiser.lr=1000000/seed1'];
    expect(exploding.status).toBe('diverged');
    expect(exploding.divergedAtEpoch).toBeGreaterThanOrEqual(1);
    const broken = byId['fine/broken/training.optimiser.lr=0.1/seed1'];
    expect(broken.status).toBe('failed');
    expect(broken.error).toMatch(/the data file is corrupt/);
    expect(byId['fine/moons/training.optimiser.lr=0.1/seed1'].status).toBe('completed');
    // Every line on disk is valid JSON (NaN written as null), in plan order.
    const onDisk = parseRunsJsonl(readFileSync(join(dir, 'runs.jsonl'), 'utf8'));
    expect(onDisk.map((r) => r.id)).toEqual(records.map((r) => r.id));
    const csv = readFileSync(join(dir, 'summary.csv'), 'utf8');
    expect(csv).toMatch(/exploding,moons,training.optimiser.lr=1000000,1,0,1,0/);
  });

  it('plans rule × task × grid × seed with resolved settings and rejects unknown names', () => {
    const spec = defineExperiment({
      ...base,
      seeds: [3, 9],
      perTask: { regression: { network: { output: 'linear' }, training: { loss: 'mse' } } },
      tasks: ['moons', 'regression'],
      grid: { 'network.hidden': [[8], [8, 8]], 'task.noise': [0.2] },
    });
    const runs = planRuns(spec, builtinRules);
    expect(runs).toHaveLength(2 * 2 * 2);
    const reg = runs.find((r) => r.taskName === 'regression' && r.seed === 9 && (r.network.hidden as number[]).length === 2)!;
    expect(reg.network.output).toBe('linear');
    expect(reg.training.loss).toBe('mse');
    expect(reg.taskOptions).toEqual({ noise: 0.2 });
    expect(reg.id).toBe('backprop/regression/network.hidden=[8,8],task.noise=0.2/seed9');
    expect(() => planRuns({ ...spec, rules: ['hebbian-magic'] }, builtinRules)).toThrow(/unknown rule "hebbian-magic"; known rules are backprop/);
    expect(() => planRuns({ ...spec, grid: { lr: [1] } }, builtinRules)).toThrow(/grid: key "lr" must be a dotted path/);
    expect(() => planRuns({ ...spec, seeds: 0 }, builtinRules)).toThrow(/seeds: expected a positive integer count/);
  });
});

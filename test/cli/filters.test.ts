import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, experimentFile, tempDir } from '../support/cli.js';

describe('--rules and --tasks filters', () => {
  it('drop the per-rule and per-task settings of what they leave out, and keep those of what they keep', () => {
    const dir = tempDir();
    const spec = experimentFile(dir, 'filtered.mts', `  name: 'filtered', description: 'perRule/perTask under --rules/--tasks',
  rules: ['backprop', 'feedback-alignment'], tasks: ['xor', 'moons'], seeds: 1,
  network: { hidden: [4], activation: 'tanh', output: 'sigmoid' },
  training: { epochs: 1, batchSize: 4, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.1 } },
  perRule: { 'feedback-alignment': { training: { batchSize: 2 } }, backprop: { training: { batchSize: 3 } } },
  perTask: { moons: { training: { epochs: 2 } } },`);
    const out = tempDir();
    const r = cli(['run', spec, '--rules', 'backprop', '--tasks', 'xor', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [record] = readFileSync(join(out, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(record.id).toBe('backprop/xor/seed1');
    expect(record.training.batchSize).toBe(3); // backprop's own setting survives the filter
  });
});

/**
 * Everything the README says is checked before anything runs is checked before anything runs: usage errors
 * and impossible sizes exit with code 2 and a message naming the field or value, quickly, and leave no
 * results folder behind (or an untouched one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, experimentFile, ROOT, tempDir } from '../support/cli.js';

const FIXTURES = join(ROOT, 'test/cli/fixtures');

describe('checked before anything runs (exit 2, nothing written)', () => {
  it.each([
    ['a task option value', ['run', 'xor', '--set', 'tasks=[{"task":"moons","options":{"nTrain":0}}]'], /invalid experiment: tasks: task "moons": option nTrain must be a positive integer, got 0/],
    ['an empty test set', ['run', 'xor', '--set', 'tasks=[{"task":"mnist","options":{"testLimit":0}}]'], /option testLimit must be a positive integer, got 0/],
    ['a validation split that leaves nothing', ['run', 'xor', '--set', 'tasks=[{"task":"xor","options":{"validation":4}}]'], /option validation = 4 would hold out 4 of 4 training examples/],
    ['an MNIST limit beyond the file', ['run', 'xor', '--set', 'tasks=[{"task":"mnist","options":{"trainLimit":70000}}]'], /option trainLimit = 70000 exceeds the 60000 examples/],
    ['a network that cannot fit in memory', ['run', 'xor', '--set', 'network.hidden=[1000000000]'], /network\.hidden: a run of the 2-1000000000-2 network needs about [\d.]+ GB of memory, more than the [\d.]+ GB WebAssembly kernel heap a run has/],
    ['a weight matrix too large for one array', ['run', 'xor', '--set', 'network.hidden=[100000,100000]'], /the 2-100000-100000-2 network needs a weight matrix of 1\.00e\+10 entries, more than the 4\.29e\+9 one array can hold/],
    ['a plan of 10^8 seeds', ['run', 'xor', '--seeds', '100000000'], /experiment\.seeds: 100000000 seeds is more than the 100000 one experiment runs/],
    ['a plan too large from its factors', ['run', 'xor', '--set', 'grid={"training.optimiser.lr":[1,2,3,4,5,6,7,8,9,10]}', '--seeds', '20000'], /the plan has 200,000 runs \(1 rules × 1 tasks × 10 grid points × 20,000 seeds\)/],
    ['a seed listed twice', ['run', 'xor', '--seeds', '1,1'], /--seeds: seed 1 is listed twice/],
    ['a seed listed twice in the spec', ['run', 'xor', '--set', 'seeds=[3,3]'], /experiment\.seeds: seed 3 is listed twice/],
    ['a seed beyond 2^53', ['run', 'xor', '--seeds', '1,9007199254740993'], /--seeds: seed 9007199254740993 is beyond 2\^53 − 1/],
    ['a single seed beyond 2^53', ['run', 'xor', '--seed', '9007199254740993'], /--seed: 9007199254740993 is beyond 2\^53 − 1/],
    ['--seed with --seeds', ['run', 'xor', '--seed', '2', '--seeds', '3'], /--seed and --seeds both choose the seeds/],
    ['a malformed --set', ['run', 'xor', '--set', 'training.epochs'], /--set: expected path=value/],
    ['--set without a value', ['run', 'xor', '--set', 'training.epochs='], /--set training\.epochs: no value after "="/],
    ['a misspelt --set path', ['run', 'xor', '--set', 'training.epoch=3'], /invalid experiment: training: unknown key "epoch"; valid keys are epochs/],
    ['an unknown experiment', ['run', 'no-such-experiment'], /unknown experiment "no-such-experiment"; experiments are/],
    ['a folder given as the experiment', ['run', join(ROOT, 'experiments')], /experiments is a folder; expected an experiment file/],
    ['a missing experiment file', ['run', './nowhere/x.mts'], /experiment file .*nowhere\/x\.mts does not exist/],
    ['an experiment file that throws while it is imported', ['run', join(FIXTURES, 'throws-at-import.ts')], /throws-at-import\.ts: loading the experiment failed \(at .*throws-at-import\.ts:5:\d+\): TypeError: Cannot read properties of undefined/],
    ['--out empty', ['run', 'xor', '--out', ''], /--out: expected a folder path, got an empty string/],
    ['--workers 0', ['run', 'xor', '--workers', '0'], /--workers: expected a positive integer, got "0"/],
    ['--epochs for a simulation', ['run', 'cuba', '--epochs', '3'], /--epochs does not apply to "cuba", a simulation experiment .* --set name=value: N, inDegree/],
    ['--rules for a simulation', ['run', 'stdp-song2000', '--rules', 'stdp'], /--rules does not apply to "stdp-song2000"/],
    ['--tasks for a simulation', ['run', 'cuba', '--tasks', 'xor'], /--tasks does not apply/],
    ['--save-weights for a simulation', ['run', 'cuba', '--save-weights'], /--save-weights does not apply/],
    ['an unknown simulation parameter', ['run', 'cuba', '--set', 'n=400'], /experiment "cuba": unknown parameter "n"; parameters are N, inDegree/],
    ['a simulation parameter that is not a number', ['run', 'cuba', '--set', 'N=big'], /parameter "N" must be a finite number, got "big"/],
    ['a dotted path for a simulation', ['run', 'cuba', '--set', 'training.epochs=3'], /a simulation experiment takes parameter names/],
    ['a simulation that cannot fit in memory', ['run', 'cuba', '--set', 'N=100000000'], /experiment "cuba": a run with these parameters needs about [\d.]+ GB/],
    ['a bad --shard', ['run', 'xor', '--shard', '3/2'], /--shard: expected k\/n with 1 <= k <= n/],
  ])('%s', (_what, args, message) => {
    const out = join(tempDir(), 'out');
    const t0 = Date.now();
    const r = cli([...args, ...(args.includes('--out') ? [] : ['--out', out]), '--quiet']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(Date.now() - t0).toBeLessThan(30_000); // refused before anything big is made or run
    if (!args.includes('--out')) expect(existsSync(join(out, 'runs.jsonl'))).toBe(false);
  });

  it('a network too large for the kernel heap names the heap and its settings; on the JavaScript kernels, the machine', () => {
    const args = ['run', 'xor', '--set', 'network.hidden=[3000,3000]', '--quiet'];
    const small = cli([...args, '--out', join(tempDir(), 'out')], ROOT, { PLASTICITY_HEAP_MB: '64' });
    expect(small.code, small.stderr).toBe(2);
    expect(small.stderr).toMatch(/a run of the 2-3000-3000-2 network needs about \d+ MB of memory, more than the 64 MB WebAssembly kernel heap a run has \(PLASTICITY_HEAP_MB sets it, up to 4095; PLASTICITY_KERNELS=js runs on the JavaScript kernels/);
    const js = cli([...args, '--out', join(tempDir(), 'out'), '--set', 'network.hidden=[1000000000]'], ROOT, { PLASTICITY_KERNELS: 'js' });
    expect(js.code).toBe(2);
    expect(js.stderr).toMatch(/more than the [\d.]+ GB available to it on this machine \([\d.]+ GB\)/);
  });

  it('--seed k runs seed k alone; --seeds k means seeds 1..k (and --help says which is which)', () => {
    const one = tempDir(), two = tempDir();
    expect(cli(['run', 'xor', '--quick', '--seed', '2', '--quiet', '--out', one]).code).toBe(0);
    expect(cli(['run', 'xor', '--quick', '--seeds', '2', '--quiet', '--out', two]).code).toBe(0);
    const seeds = (d: string) => JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')).seeds;
    expect(seeds(one)).toEqual([2]);
    expect(seeds(two)).toEqual([1, 2]);
    expect(cli(['run', '--help']).stdout).toMatch(/--seed <k>\s+run seed k alone \(--seed 2 is seed 2 only; --seeds 2 would be seeds 1 and 2\)/);
  });

  it('a rule option typo in a spec file is named with the valid options', () => {
    const dir = tempDir();
    const spec = experimentFile(dir, 'typo.mts', `  name: 'typo', description: 'a misspelt rule option',
  rules: [{ rule: 'feedback-alignment', options: { feedbackScal: 2 } }], tasks: ['xor'], seeds: 1,
  network: { hidden: [4], activation: 'tanh', output: 'sigmoid' },
  training: { epochs: 1, batchSize: 4, loss: 'mse', optimiser: { kind: 'sgd', lr: 0.5 } },`);
    const r = cli(['run', spec, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rules\[0\]: rule "feedback-alignment": unknown option "feedbackScal"; valid options are feedbackInit, feedbackScale/);
  });
});

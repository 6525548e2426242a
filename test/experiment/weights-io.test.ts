import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../src/experiment/npy.js';
import { runFileName } from '../../src/experiment/file-names.js';
import { hashWeights, parseRunsJsonl } from '../../src/experiment/records.js';
import { loadWeights } from '../../src/experiment/weights-io.js';
import { evaluate } from '../../src/training/evaluate.js';
import { getLoss } from '../../src/neurons/losses.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ForwardPass } from '../../src/sim/feedforward.js';
import { createTask } from '../../src/tasks/registry.js';
import { cli, tempDir } from '../support/cli.js';

describe('weights as .npy', () => {
  it('encodes and decodes float64 arrays exactly, with a 64-byte aligned header', () => {
    const data = Float64Array.from([0, -1.5, Math.PI, 1e-300, -0, 7]);
    const buf = encodeNpy(data, [2, 3]);
    expect(buf.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect((10 + buf.readUInt16LE(8)) % 64).toBe(0);
    const back = decodeNpy(buf);
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    expect(() => decodeNpy(buf.subarray(0, buf.length - 8), 'cut.npy')).toThrow(/cut.npy: expected 6 float64 values after the header, file holds 5/);
  });

  it('--save-weights writes files that load back into a network with the same weights and test metrics', async () => {
    const dir = tempDir();
    const r = cli(['run', 'xor', '--quick', '--seeds', '1', '--out', dir, '--quiet', '--save-weights']);
    expect(r.code, r.stderr).toBe(0);
    const [record] = parseRunsJsonl(readFileSync(join(dir, 'runs.jsonl'), 'utf8'));
    const wdir = join(dir, 'weights', runFileName('backprop/xor/seed1'));
    expect(readdirSync(wdir).sort()).toEqual(['hidden1_to_output.bias.npy', 'hidden1_to_output.weights.npy', 'input_to_hidden1.bias.npy', 'input_to_hidden1.weights.npy', 'network.json']);
    const net = loadWeights(wdir);
    expect(hashWeights(net)).toBe(record.weightsHash);
    const task = await createTask('xor', record.taskOptions, new RandomStreams(1).fork('task/xor'));
    const m = evaluate(new ForwardPass(net), task.test, getLoss('cross-entropy'));
    expect(m.loss).toBe(record.final.testLoss);
    expect(m.accuracy).toBe(record.final.testAccuracy);
    // NumPy reads them, where it is installed (Debian's python3-numpy, e.g. with Brian2).
    const py = spawnSync('/usr/bin/python3', ['-c', `import numpy as np; a = np.load(${JSON.stringify(join(wdir, 'input_to_hidden1.weights.npy'))}); print(a.shape, repr(float(a[1, 2])))`], { encoding: 'utf8' });
    if (py.status === 0) expect(py.stdout.trim()).toBe(`(2, 8) ${net.projection('input->hidden1').weights.get(1, 2)}`);
  });

  it('a run whose weights cannot be written keeps its results, says why, and the sweep goes on', async () => {
    const { builtinRules } = await import('../../rules/index.js');
    const { planRuns } = await import('../../src/experiment/plan.js');
    const { executeRun } = await import('../../src/experiment/runner.js');
    const xor = (await import('../../experiments/xor.js')).default;
    const [run] = planRuns({ ...xor, seeds: [1] }, builtinRules);
    const blocked = join(tempDir(), 'a-file');
    writeFileSync(blocked, 'not a folder');
    const failed = await executeRun(run, 'xor', undefined, blocked);
    const plain = await executeRun(run, 'xor');
    expect(failed.status).toBe('completed');
    expect(failed.weightsError).toMatch(/a-file/);
    expect({ ...failed, weightsError: undefined, wallSeconds: 0, epochs: failed.epochs.map((e) => ({ ...e, seconds: 0 })) }).toEqual({ ...plain, weightsError: undefined, wallSeconds: 0, epochs: plain.epochs.map((e) => ({ ...e, seconds: 0 })) });
  });
});

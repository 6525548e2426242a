/**
 * The CIFAR-10 reader on small files written here in the binary version's format (label byte + 3×32×32
 * pixel bytes per record, red, green, blue planes): values, channel-major layout, file order, limits, and the
 * errors for a missing folder, a missing, truncated or empty file and a CIFAR-100-style label.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { CIFAR10_TEST_FILE, CIFAR10_TRAIN_FILES, cifar10Task } from '../../src/tasks/cifar10.js';
import { createTask } from '../../src/tasks/registry.js';
import type { Task } from '../../src/tasks/task.js';

const PIXELS = 3072;
/** A record whose pixel j is (seed + 7j) mod 256 and whose label is `label`. */
const record = (label: number, seed: number) => Buffer.from([label, ...Array.from({ length: PIXELS }, (_, j) => (seed + 7 * j) % 256)]);

describe('cifar10 (binary version)', () => {
  const root = mkdtempSync(join(tmpdir(), 'plasticity-cifar-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function writeSet(name: string, change?: (file: string, bytes: Buffer) => Buffer | null): string {
    const dir = join(root, name);
    mkdirSync(dir);
    CIFAR10_TRAIN_FILES.forEach((f, i) => {
      const bytes = Buffer.concat([record(i, 10 * i), record((i + 5) % 10, 10 * i + 1)]);
      const out = change ? change(f, bytes) : bytes;
      if (out) writeFileSync(join(dir, f), out);
    });
    const test = Buffer.concat([record(3, 200), record(8, 201), record(0, 202)]);
    const out = change ? change(CIFAR10_TEST_FILE, test) : test;
    if (out) writeFileSync(join(dir, CIFAR10_TEST_FILE), out);
    return dir;
  }

  it('reads the records in file order, pixels channel-major in [0, 1], labels one-hot', async () => {
    const dir = writeSet('ok');
    const t = await createTask('cifar10', { dataDir: dir }, new RandomStreams(0));
    expect([t.inputSize, t.outputSize, t.train.inputs.rows, t.test.inputs.rows]).toEqual([3072, 10, 10, 3]);
    expect(Array.from(t.train.labels!)).toEqual([0, 5, 1, 6, 2, 7, 3, 8, 4, 9]);
    expect(Array.from(t.test.labels!)).toEqual([3, 8, 0]);
    // Record 2 (the first of data_batch_2): pixel j = (10 + 7j) mod 256; green plane starts at 1024, blue at 2048.
    for (const j of [0, 1, 1023, 1024, 2048, 3071]) expect(t.train.inputs.get(2, j)).toBe(((10 + 7 * j) % 256) / 255);
    expect(t.train.targets.get(1, 5)).toBe(1);
    expect(cifar10Task.describe!({ dataDir: dir, trainLimit: 4 })).toEqual({ inputSize: 3072, outputSize: 10, trainSize: 4, testSize: 3, inputShape: { channels: 3, height: 32, width: 32 } });
    const small = (await cifar10Task.create({ dataDir: dir, trainLimit: 4, testLimit: 1 }, new RandomStreams(0))) as Task;
    expect([small.train.inputs.rows, small.test.inputs.rows]).toEqual([4, 1]);
  });

  it('names what is wrong: no dataDir, a missing, truncated or empty file, a label above 9, a limit too large', async () => {
    expect(() => cifar10Task.describe!({})).toThrow(/task "cifar10": option dataDir is required \(got null\): a folder holding CIFAR-10's binary version, data_batch_1\.bin/);
    const missing = writeSet('missing', (f, b) => (f === 'data_batch_3.bin' ? null : b));
    expect(() => cifar10Task.describe!({ dataDir: missing })).toThrow(`${join(missing, 'data_batch_3.bin')}: no such file; expected a CIFAR-10 binary batch`);
    const cut = writeSet('cut', (f, b) => (f === CIFAR10_TEST_FILE ? b.subarray(0, b.length - 100) : b));
    await expect(cifar10Task.create({ dataDir: cut }, new RandomStreams(0))).rejects.toThrow(`${join(cut, CIFAR10_TEST_FILE)}: 9119 bytes, not a whole number of 3,073-byte CIFAR-10 records (label + 3×32×32 pixels); truncated after 2 records?`);
    const empty = writeSet('empty', (f, b) => (f === 'data_batch_1.bin' ? Buffer.alloc(0) : b));
    expect(() => cifar10Task.describe!({ dataDir: empty })).toThrow(`${join(empty, 'data_batch_1.bin')}: 0 bytes, not a whole number`);
    const hundred = writeSet('hundred', (f, b) => (f === 'data_batch_4.bin' ? Buffer.concat([record(57, 0)]) : b));
    await expect(cifar10Task.create({ dataDir: hundred }, new RandomStreams(0))).rejects.toThrow(`${join(hundred, 'data_batch_4.bin')}: label 57 in record 0, expected a class 0..9 (is this the CIFAR-100 format?)`);
    expect(() => cifar10Task.describe!({ dataDir: writeSet('limits'), testLimit: 4 })).toThrow(/option testLimit = 4 exceeds the 3 examples/);
  });
});

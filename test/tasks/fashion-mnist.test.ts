/**
 * Fashion-MNIST: Debian's dataset-fashion-mnist files (gzip-compressed IDX) when the package is installed
 * (.ci/run installs it), and the gzip path of the IDX readers on small files made here: the same values as
 * the plain files, header checks through the compression, and clear errors for a truncated or corrupt file.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/random/streams.js';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC } from '../../src/tasks/idx.js';
import { DEBIAN_FASHION_MNIST_DIR, fashionMnistTask } from '../../src/tasks/fashion-mnist.js';
import { IDX_FILES } from '../../src/tasks/idx-image-task.js';
import { createTask } from '../../src/tasks/registry.js';
import type { Task } from '../../src/tasks/task.js';
import { classCounts, idxBuffer } from './helpers.js';

const installed = existsSync(join(DEBIAN_FASHION_MNIST_DIR, `${IDX_FILES.train.images}.gz`));

describe.skipIf(!installed)('fashion-mnist (Debian package dataset-fashion-mnist)', () => {
  it('loads 60k/10k images of 10 balanced classes with pixels in [0, 1]', async () => {
    const t = await createTask('fashion-mnist', {}, new RandomStreams(0));
    expect([t.name, t.inputSize, t.outputSize, t.train.inputs.rows, t.test.inputs.rows]).toEqual(['fashion-mnist', 784, 10, 60000, 10000]);
    expect(classCounts(t.train.labels!, 10)).toEqual(Array(10).fill(6000));
    expect(classCounts(t.test.labels!, 10)).toEqual(Array(10).fill(1000));
    let lo = Infinity, hi = -Infinity;
    for (const v of t.test.inputs.data) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    expect([lo, hi]).toEqual([0, 1]);
    expect(fashionMnistTask.describe!({ trainLimit: 100 })).toEqual({ inputSize: 784, outputSize: 10, trainSize: 100, testSize: 10000, inputShape: { channels: 1, height: 28, width: 28 } });
  });
});

describe('gzip-compressed IDX files', () => {
  const root = mkdtempSync(join(tmpdir(), 'plasticity-fashion-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const img = (n: number) => idxBuffer(IDX_IMAGES_MAGIC, [n, 2, 2], Array.from({ length: n * 4 }, (_, i) => (i * 37) % 256));

  function writeSet(name: string, gzip: boolean, damage?: (gz: Buffer) => Buffer): string {
    const dir = join(root, name);
    mkdirSync(dir);
    const files: [string, Buffer][] = [
      [IDX_FILES.train.images, img(3)], [IDX_FILES.train.labels, idxBuffer(IDX_LABELS_MAGIC, [3], [7, 0, 9])],
      [IDX_FILES.test.images, img(2)], [IDX_FILES.test.labels, idxBuffer(IDX_LABELS_MAGIC, [2], [1, 2])],
    ];
    for (const [file, bytes] of files) {
      if (!gzip) writeFileSync(join(dir, file), bytes);
      else writeFileSync(join(dir, `${file}.gz`), file === IDX_FILES.train.images && damage ? damage(gzipSync(bytes)) : gzipSync(bytes));
    }
    return dir;
  }

  it('read as the same values as the plain files, and described from their headers', async () => {
    const plain = (await fashionMnistTask.create({ dataDir: writeSet('plain', false) }, new RandomStreams(0))) as Task;
    const dir = writeSet('gz', true);
    const gz = (await fashionMnistTask.create({ dataDir: dir }, new RandomStreams(0))) as Task;
    expect(gz.train.inputs.toArray()).toEqual(plain.train.inputs.toArray());
    expect(Array.from(gz.train.labels!)).toEqual([7, 0, 9]);
    expect(fashionMnistTask.describe!({ dataDir: dir })).toEqual({ inputSize: 4, outputSize: 10, trainSize: 3, testSize: 2, inputShape: { channels: 1, height: 2, width: 2 } });
  });

  it('a truncated or corrupt compressed file is named, with what is wrong', async () => {
    const cut = writeSet('cut', true, (gz) => gz.subarray(0, gz.length - 9));
    const file = join(cut, `${IDX_FILES.train.images}.gz`);
    await expect(fashionMnistTask.create({ dataDir: cut }, new RandomStreams(0))).rejects.toThrow(`${file}: gzip-compressed but cannot be decompressed`);
    const bad = writeSet('bad', true, (gz) => Buffer.concat([gz.subarray(0, 12), Buffer.alloc(gz.length - 12, 0xff)]));
    await expect(fashionMnistTask.create({ dataDir: bad }, new RandomStreams(0))).rejects.toThrow(`${join(bad, `${IDX_FILES.train.images}.gz`)}: gzip-compressed but cannot be decompressed`);
    // The trailer of the cut file no longer gives the length: the header check says so without decompressing it all.
    expect(() => fashionMnistTask.describe!({ dataDir: cut })).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(() => fashionMnistTask.describe!({ dataDir: cut })).toThrow(/gzip-compressed, and the uncompressed length in its trailer does not fit its header: the file is truncated or corrupt/);
  });

  it('a missing folder names the files it looked for', async () => {
    await expect(fashionMnistTask.create({ dataDir: join(root, 'nowhere') }, new RandomStreams(0))).rejects.toThrow(/nowhere.*train-images-idx3-ubyte: cannot read IDX file/);
  });
});

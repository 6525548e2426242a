import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx, parseIdxImages, parseIdxLabels, readIdxImages, readIdxLabels } from '../../src/tasks/idx.js';
import { idxBuffer } from './helpers.js';

const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => (i * 11) % 256);
const images = idxBuffer(IDX_IMAGES_MAGIC, [2, 3, 4], pixels);
const labels = idxBuffer(IDX_LABELS_MAGIC, [5], [3, 1, 4, 1, 5]);

describe('IDX parsing', () => {
  it('parses a valid image file', () => {
    const im = parseIdxImages(images, 'imgs');
    expect([im.count, im.rows, im.cols]).toEqual([2, 3, 4]);
    expect(Array.from(im.pixels)).toEqual(pixels);
    expect(parseIdx(images, 'imgs', IDX_IMAGES_MAGIC).dims).toEqual([2, 3, 4]);
  });

  it('parses a valid label file', () => {
    expect(Array.from(parseIdxLabels(labels, 'labs'))).toEqual([3, 1, 4, 1, 5]);
  });

  it('parses from a buffer that is a view at an offset', () => {
    const big = Buffer.alloc(images.length + 7);
    images.copy(big, 7);
    expect(Array.from(parseIdxImages(big.subarray(7), 'offset').pixels)).toEqual(pixels);
  });

  it('rejects a wrong magic number, naming the file and both numbers', () => {
    expect(() => parseIdxImages(labels, 'train-images-idx3-ubyte')).toThrow(
      'train-images-idx3-ubyte: bad magic number, expected 0x00000803 (unsigned bytes, 3 dimensions), found 0x00000801 (unsigned bytes, 1 dimension)',
    );
    const text = Buffer.from('hello world, not idx');
    expect(() => parseIdxLabels(text, 'x.txt')).toThrow(/^x\.txt: bad magic number, expected 0x00000801 .* found 0x68656c6c \(not an IDX file\)/);
  });

  it('rejects truncated data, saying what the header promised and what is there', () => {
    const cut = images.subarray(0, images.length - 5);
    expect(() => parseIdxImages(cut, 'train-images-idx3-ubyte')).toThrow(
      'train-images-idx3-ubyte: truncated, header says 2×3×4 = 24 bytes of data, file has 19 bytes after the 16-byte header',
    );
  });

  it('rejects extra bytes after the data', () => {
    const padded = Buffer.concat([labels, Buffer.from([0, 0, 0])]);
    expect(() => parseIdxLabels(padded, 'labels.idx')).toThrow(
      'labels.idx: 3 unexpected extra bytes, header says 5 = 5 bytes of data, file has 8 bytes after the 8-byte header',
    );
  });

  it('rejects a truncated header, a tiny file and a gzip file', () => {
    expect(() => parseIdxImages(images.subarray(0, 10), 'h')).toThrow('h: truncated header, 3 dimensions need 16 header bytes, file has 10');
    expect(() => parseIdxImages(Buffer.from([0, 0]), 'tiny')).toThrow(/^tiny: too short .* file has 2 bytes/);
    expect(() => parseIdxImages(Buffer.from([0x1f, 0x8b, 8, 0, 0]), 'a.gz')).toThrow(/^a\.gz: file is gzip-compressed.*gunzip/);
  });
});

describe('IDX files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plasticity-idx-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads files by path', async () => {
    writeFileSync(join(dir, 'imgs'), images);
    writeFileSync(join(dir, 'labs'), labels);
    expect((await readIdxImages(join(dir, 'imgs'))).count).toBe(2);
    expect(Array.from(await readIdxLabels(join(dir, 'labs')))).toEqual([3, 1, 4, 1, 5]);
  });

  it('names the full path in errors', async () => {
    const p = join(dir, 'broken');
    writeFileSync(p, images.subarray(0, 20));
    await expect(readIdxImages(p)).rejects.toThrow(`${p}: truncated`);
    await expect(readIdxLabels(join(dir, 'missing'))).rejects.toThrow(`${join(dir, 'missing')}: cannot read IDX file (ENOENT`);
  });
});

/**
 * Image augmentation (src/tasks/augment.ts): crop by shifting with zero fill and horizontal flips, against a
 * direct statement of what each output pixel must be, draws only from the given stream, same seed same bits.
 */
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/kernels/matrix.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ImageAugmenter } from '../../src/tasks/augment.js';

const shape = { channels: 2, height: 5, width: 6 };
const size = 60;
const image = (rows: number) => {
  const m = new Matrix(rows, size);
  for (let i = 0; i < m.data.length; i++) m.data[i] = i + 1; // every pixel distinct and non-zero
  return m;
};

describe('image augmentation', () => {
  it('each output pixel is the input at its shifted (and mirrored) place, or zero outside the image', () => {
    const a = new ImageAugmenter(shape, { crop: 2, flip: true });
    const batch = image(40), original = batch.data.slice();
    const stream = new RandomStreams(4).stream('augment');
    const replay = new RandomStreams(4).stream('augment');
    a.apply(batch, stream);
    let moved = 0, flipped = 0;
    for (let b = 0; b < 40; b++) {
      const dy = replay.int(5) - 2, dx = replay.int(5) - 2, flip = replay.uniform() < 0.5;
      moved += Number(dy !== 0 || dx !== 0);
      flipped += Number(flip);
      for (let c = 0; c < 2; c++)
        for (let y = 0; y < 5; y++)
          for (let x = 0; x < 6; x++) {
            const sy = y + dy, sx = (flip ? 5 - x : x) + dx;
            const want = sy >= 0 && sy < 5 && sx >= 0 && sx < 6 ? original[b * size + (c * 5 + sy) * 6 + sx] : 0;
            expect(batch.data[b * size + (c * 5 + y) * 6 + x]).toBe(want);
          }
    }
    expect(moved).toBeGreaterThan(20);
    expect(flipped).toBeGreaterThan(10);
    expect(flipped).toBeLessThan(30);
  });

  it('no crop and no flip leaves the batch as it is and draws nothing; the same seed gives the same bits', () => {
    const batch = image(3), s = new RandomStreams(1).stream('augment');
    new ImageAugmenter(shape, { crop: 0, flip: false }).apply(batch, s);
    expect(Array.from(batch.data)).toEqual(Array.from(image(3).data));
    expect(s.uniform()).toBe(new RandomStreams(1).stream('augment').uniform());
    const run = (seed: number) => {
      const m = image(8);
      new ImageAugmenter(shape, { crop: 1, flip: true }).apply(m, new RandomStreams(seed).stream('augment'));
      return Array.from(m.data);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('rejects a crop as large as the image and a batch of another shape', () => {
    expect(() => new ImageAugmenter(shape, { crop: 5, flip: false })).toThrow(/crop must be an integer from 0 to 4 pixels for 5×6 images, got 5/);
    expect(() => new ImageAugmenter(shape, { crop: 1, flip: false }).apply(new Matrix(2, 59), new RandomStreams(1).stream('a'))).toThrow(/batch rows have 59 values, 2×5×6 images have 60/);
  });
});

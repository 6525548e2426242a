import type { Matrix } from '../kernels/matrix.js';
import type { Shape } from '../kernels/conv.js';
import type { RandomStream } from '../random/stream.js';

/*
 * Training-time augmentation of image batches (channel-major rows, as conv.ts lays them out), the two used
 * on CIFAR-10 since the ResNet papers: a random crop after zero padding — the image moved by (dy, dx), each
 * uniform in [−pad, pad], the uncovered border filled with zeros, which is what padding by `pad` and cropping
 * back to the original size at a random offset gives — and a horizontal flip with probability ½.
 * Every draw comes from the stream the caller passes (the trainer's "augment" stream of the run's seed), three
 * per example in a fixed order (dy, dx, flip), so a run is reproducible and adding augmentation shifts no
 * other stream. Nothing is allocated per batch: one image of scratch is kept.
 */

export interface Augmentation {
  /** Largest shift in pixels (0: no crop). */
  crop: number;
  /** Mirror left–right with probability ½. */
  flip: boolean;
}

export class ImageAugmenter {
  private readonly scratch: Float64Array;

  constructor(readonly shape: Shape, readonly options: Augmentation) {
    if (!Number.isInteger(options.crop) || options.crop < 0 || options.crop >= Math.min(shape.height, shape.width)) {
      throw new RangeError(`augmentation: crop must be an integer from 0 to ${Math.min(shape.height, shape.width) - 1} pixels for ${shape.height}×${shape.width} images, got ${options.crop}`);
    }
    this.scratch = new Float64Array(shape.channels * shape.height * shape.width);
  }

  /** Augments every row of `batch` in place. */
  apply(batch: Matrix, stream: RandomStream): void {
    const { channels: C, height: H, width: W } = this.shape, size = C * H * W, pad = this.options.crop;
    if (batch.cols !== size) throw new RangeError(`augmentation: batch rows have ${batch.cols} values, ${C}×${H}×${W} images have ${size}`);
    const d = batch.data, img = this.scratch;
    for (let b = 0; b < batch.rows; b++) {
      const dy = pad > 0 ? stream.int(2 * pad + 1) - pad : 0;
      const dx = pad > 0 ? stream.int(2 * pad + 1) - pad : 0;
      const flip = this.options.flip && stream.uniform() < 0.5;
      if (dy === 0 && dx === 0 && !flip) continue;
      const base = b * size;
      for (let i = 0; i < size; i++) img[i] = d[base + i];
      // Output pixel (y, x) takes input (y + dy, x' + dx), x' = x or W − 1 − x when flipped; zero outside.
      for (let c = 0; c < C; c++) {
        for (let y = 0; y < H; y++) {
          const sy = y + dy, row = base + (c * H + y) * W;
          if (sy < 0 || sy >= H) {
            d.fill(0, row, row + W);
            continue;
          }
          const from = (c * H + sy) * W;
          for (let x = 0; x < W; x++) {
            const sx = (flip ? W - 1 - x : x) + dx;
            d[row + x] = sx >= 0 && sx < W ? img[from + sx] : 0;
          }
        }
      }
    }
  }
}

import { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import type { Dataset } from './task.js';

export interface MinibatchOptions {
  /** Draw a fresh random order each epoch (default true); false visits examples in dataset order. */
  shuffle?: boolean;
  /** Skip the final batch when it would be smaller than batchSize (default false). */
  dropLast?: boolean;
}

/** Called once per batch; the matrices are reused buffers, valid only until the callback returns. */
export type BatchCallback = (inputs: Matrix, targets: Matrix, labels: Int32Array | undefined, batchIndex: number) => void;

/**
 * Seeded minibatch iteration over a dataset, one epoch per `forEachBatch` call.
 *
 * Each epoch with `shuffle` resets the order to 0..n−1 and Fisher-Yates shuffles it with `stream` — the same
 * draws as `stream.permutation(n)` — so the batch order is a function of the stream's state alone.
 * Rows are copied into batch matrices allocated once here; the final partial batch is a preallocated view
 * of the first rows of those buffers. After construction no epoch allocates anything (the design's
 * no-allocation-per-minibatch rule), which is also why callers must copy a batch they want to keep.
 */
export class Minibatches {
  readonly size: number;
  readonly batchSize: number;
  readonly batchesPerEpoch: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** Epochs completed so far. */
  epoch = 0;

  private readonly dataset: Dataset;
  private readonly stream: RandomStream;
  private readonly order: Int32Array;
  private readonly inputs: Matrix;
  private readonly targets: Matrix;
  private readonly labels: Int32Array | undefined;
  /** Views for the final, smaller batch (null when n divides evenly or dropLast is set). */
  private readonly tail: { inputs: Matrix; targets: Matrix; labels: Int32Array | undefined } | null;

  constructor(dataset: Dataset, batchSize: number, stream: RandomStream, { shuffle = true, dropLast = false }: MinibatchOptions = {}) {
    const n = dataset.inputs.rows;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`Minibatches: batchSize must be a positive integer, got ${batchSize}`);
    }
    if (n === 0) throw new RangeError('Minibatches: the dataset has no examples');
    if (dataset.targets.rows !== n || (dataset.labels && dataset.labels.length !== n)) {
      throw new RangeError(`Minibatches: dataset has ${n} input rows, ${dataset.targets.rows} target rows and ${dataset.labels?.length ?? 'no'} labels`);
    }
    if (dropLast && batchSize > n) {
      throw new RangeError(`Minibatches: batchSize ${batchSize} exceeds the ${n} examples, so dropLast would leave no batches`);
    }
    this.dataset = dataset;
    this.stream = stream;
    this.size = n;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    // A batch never needs more rows than the dataset has, so cap the buffers there.
    this.batchSize = batchSize;
    const rows = Math.min(batchSize, n);
    this.inputs = new Matrix(rows, dataset.inputs.cols);
    this.targets = new Matrix(rows, dataset.targets.cols);
    this.labels = dataset.labels ? new Int32Array(rows) : undefined;
    const remainder = n % batchSize;
    this.batchesPerEpoch = dropLast ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
    this.tail =
      remainder === 0 || dropLast || batchSize > n
        ? null
        : {
            inputs: this.inputs.rowView(0, remainder),
            targets: this.targets.rowView(0, remainder),
            labels: this.labels?.subarray(0, remainder),
          };
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
  }

  /** The example order of the most recent epoch (read-only; overwritten by the next epoch). */
  get currentOrder(): Readonly<Int32Array> {
    return this.order;
  }

  /** Runs one epoch: draws the order, then calls `fn` once per batch in sequence. */
  forEachBatch(fn: BatchCallback): void {
    const order = this.order;
    const n = this.size;
    if (this.shuffle) {
      for (let i = 0; i < n; i++) order[i] = i;
      this.stream.shuffle(order);
    }
    const src = this.dataset;
    const inCols = src.inputs.cols;
    const outCols = src.targets.cols;
    const xs = src.inputs.data;
    const ys = src.targets.data;
    const ls = src.labels;
    const bx = this.inputs.data;
    const by = this.targets.data;
    const bl = this.labels;
    for (let b = 0; b < this.batchesPerEpoch; b++) {
      const start = b * this.batchSize;
      const count = Math.min(this.batchSize, n - start);
      for (let r = 0; r < count; r++) {
        const e = order[start + r];
        // Plain loops rather than set(subarray(...)): subarray would allocate a view object per row.
        for (let j = 0, s = e * inCols, d = r * inCols; j < inCols; j++) bx[d + j] = xs[s + j];
        for (let j = 0, s = e * outCols, d = r * outCols; j < outCols; j++) by[d + j] = ys[s + j];
        if (bl && ls) bl[r] = ls[e];
      }
      if (count === this.inputs.rows) fn(this.inputs, this.targets, bl, b);
      else {
        const t = this.tail!;
        fn(t.inputs, t.targets, t.labels, b);
      }
    }
    this.epoch++;
  }
}

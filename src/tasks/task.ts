import type { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import type { Shape } from '../kernels/conv.js';
import type { RandomStream } from '../random/stream.js';

/** A set of examples: one row of `inputs` and of `targets` per example. */
export interface Dataset {
  /** n × inputSize */
  readonly inputs: Matrix;
  /** n × outputSize: one-hot rows for classification, real values for regression */
  readonly targets: Matrix;
  /** Class index per example (classification only). */
  readonly labels?: Int32Array;
}

export type TaskKind = 'classification' | 'regression';

/** A learning problem with a fixed train/test split (and an optional validation split carved from train). */
export interface Task {
  readonly name: string;
  readonly kind: TaskKind;
  readonly inputSize: number;
  /** Image tasks: each input row is channels × height × width, channel-major (what conv layers need). */
  readonly inputShape?: Shape;
  /**
   * Tasks whose inputs are already in time (spike trains): each input row is `steps` × `channels` values,
   * step-major, and spiking networks read them as they are, without an encoder. A task whose sequences are too
   * long to keep (thousands of steps) keeps a short description per example instead and gives `render`, which
   * draws a batch's spikes from it (step-major, steps × rows × channels) from the stream it is handed.
   */
  readonly sequence?: {
    readonly steps: number;
    readonly channels: number;
    readonly render?: (inputs: Float64Array, rows: ArrayLike<number>, stream: RandomStream, out: Float64Array) => void;
  };
  readonly outputSize: number;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly validation?: Dataset;
  /** The options the task was built with, after defaults were filled in (recorded in results). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** Options every task accepts. Task-specific options are documented on each factory. */
export interface TaskOptions {
  /** Fraction (0..1) or count of training examples held out as a validation split; default 0. */
  validation?: number;
  [key: string]: unknown;
}

/** The sizes of a task as its options define them, known before any data is made or read. */
export interface TaskShape {
  readonly inputSize: number;
  readonly inputShape?: Shape;
  /** Sequence tasks: steps × channels per input row. */
  readonly sequence?: { readonly steps: number; readonly channels: number };
  readonly outputSize: number;
  /** Training examples (validation split included). */
  readonly trainSize: number;
  readonly testSize: number;
}

/**
 * Builds a task. Synthetic tasks draw their data from `streams` (stream names are documented on
 * each factory), so the same run seed always gives the same data.
 */
export interface TaskFactory {
  readonly name: string;
  readonly summary: string;
  readonly kind: TaskKind;
  /** Default values of every option the task accepts; used to reject unknown option names. */
  readonly defaults: Readonly<Record<string, unknown>>;
  create(options: TaskOptions, streams: RandomStreams): Task | Promise<Task>;
  /**
   * Checks option values exactly as `create` will, and returns the task's sizes, without making or reading
   * the data: the experiment validator calls it so that a bad value (`nTrain: 0`) or a size that cannot fit in
   * memory is reported before any run starts. Optional for a caller's own tasks (only option names are then
   * checked up front).
   */
  describe?(options: TaskOptions): TaskShape;
}

import os from 'node:os';
import { wasm } from '../kernels/backend.js';
import type { TaskShape } from '../tasks/task.js';
import type { Shape } from '../kernels/conv.js';
import { describeStack } from '../graph/layer-stack.js';
import type { TrainingSpec } from './spec.js';
import { evaluationRows } from '../training/trainer.js';

/** What the estimates need of each population: its size and the parameters of the projection into it. */
export interface LayerSize {
  readonly size: number;
  readonly parameters: number;
  /** Set by a layer plan (src/graph/layer-stack.ts): how messages name the layer and its feature maps. */
  readonly name?: string;
  readonly shape?: Shape | null;
}

/** How messages name a network: "784-256-10" for an MLP, "1×28×28 → conv1 32×26×26 → … → output 10" for a conv net. */
export function networkText(plan: readonly LayerSize[]): string {
  const shaped = plan.slice(1).some((l) => l.shape);
  return shaped ? describeStack(plan.map((l, i) => ({ name: l.name ?? `layer${i}`, shape: l.shape ?? null, size: l.size }))) : plan.map((l) => l.size).join('-');
}

/** The layers of an MLP with these sizes (input first), each dense with a bias. */
export function denseLayerSizes(sizes: readonly number[]): LayerSize[] {
  return sizes.map((size, l) => ({ size, parameters: l === 0 ? 0 : (sizes[l - 1] + 1) * size }));
}

/**
 * Size checks made before anything is allocated. Typed arrays are reserved lazily, so a layer of 10⁹ neurons is
 * "allocated" at once and then fills the machine page by page until the system kills the process, with no
 * message and, for a sweep, after hours; and `--seeds 100000000` would plan 10⁸ runs before the first starts.
 * The estimates are generous upper bounds of what the engine holds, stated in the messages.
 */

/** The most runs one results folder is planned for; a larger sweep is several experiments (or a grid that is smaller). */
export const MAX_RUNS = 100_000;

/** V8's longest typed array (elements). */
const MAX_ARRAY = 2 ** 32 - 1;

export function formatBytes(b: number): string {
  return b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(0)} MB` : `${Math.ceil(b / 1024)} kB`;
}

/** Memory the runs may use together: 90% of the machine's, shared by the runs that proceed at once. */
export function memoryBudget(concurrent: number): number {
  return (0.9 * os.totalmem()) / Math.max(1, concurrent);
}

/**
 * What one run may hold, and a phrase naming that limit for messages. On the WebAssembly path a run's arrays
 * live in its thread's kernel heap, which is fixed in size (src/kernels/heap.ts; at most 4 GB, a 32-bit
 * memory) whatever the machine has, so the smaller of the two limits applies.
 */
export function runBudget(concurrent: number): { bytes: number; limit: string } {
  const machine = memoryBudget(concurrent);
  const machinePhrase = `the ${formatBytes(machine)} available to it${concurrent > 1 ? ` (${concurrent} runs at once)` : ''} on this machine (${formatBytes(os.totalmem())})`;
  const heap = wasm()?.heap;
  if (heap && heap.bytes < machine) {
    return { bytes: heap.bytes, limit: `the ${formatBytes(heap.bytes)} WebAssembly kernel heap a run has (PLASTICITY_HEAP_MB sets it, up to 4095; PLASTICITY_KERNELS=js runs on the JavaScript kernels, which the machine's memory alone limits)` };
  }
  return { bytes: machine, limit: machinePhrase };
}

/**
 * Bytes one run of a layered network may hold: per parameter the weights, the update direction, the
 * optimiser's state (two for Adam), the two directions of the alignment probe and one feedback matrix; per
 * neuron four buffers (activations, drives, teaching signals, scratch) for the training batch, the evaluation
 * chunk and the probe batch; and the data set as doubles.
 */
export function trainingRunBytes(layers: readonly LayerSize[], training: TrainingSpec, shape: TaskShape | null, probeSize: number): { bytes: number; largestMatrix: number } {
  let params = 0, largestMatrix = 0, neurons = 0;
  for (const l of layers) {
    neurons += l.size;
    params += l.parameters;
    largestMatrix = Math.max(largestMatrix, l.parameters);
  }
  const perParam = 2 + (training.optimiser?.kind === 'adam' ? 2 : 1) + (probeSize > 0 ? 2 : 0) + 1;
  const rows = training.batchSize + evaluationRows(neurons) + probeSize;
  const data = shape ? (shape.trainSize + shape.testSize) * (shape.inputSize + shape.outputSize) : 0;
  return { bytes: 8 * (perParam * params + 4 * neurons * rows + data), largestMatrix };
}

/** Throws (via `fail`) when a run with these layer sizes cannot fit, naming the field, the estimate and the budget. */
export function checkTrainingRunFits(where: string, plan: readonly LayerSize[], training: TrainingSpec, shape: TaskShape | null, probeSize: number, concurrent: number, fail: (m: string) => never): void {
  const { bytes, largestMatrix } = trainingRunBytes(plan, training, shape, probeSize);
  const layers = networkText(plan);
  if (largestMatrix > MAX_ARRAY) fail(`${where}: the ${layers} network needs a weight matrix of ${largestMatrix.toExponential(2)} entries, more than the ${MAX_ARRAY.toExponential(2)} one array can hold`);
  const budget = runBudget(concurrent);
  if (bytes > budget.bytes) {
    fail(`${where}: a run of the ${layers} network needs about ${formatBytes(bytes)} of memory, more than ${budget.limit}; use smaller layers or a smaller training.batchSize${concurrent > 1 ? ', or fewer --workers' : ''}`);
  }
}

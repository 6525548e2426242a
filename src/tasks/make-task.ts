import { checkDataset } from './dataset.js';
import type { Shape } from '../kernels/conv.js';
import type { Dataset, Task, TaskKind } from './task.js';
import { splitValidation } from './validation.js';

/** What a factory has generated, before the shared finishing steps. */
export interface TaskParts {
  name: string;
  kind: TaskKind;
  train: Dataset;
  test: Dataset;
  /** Image tasks: the channels × height × width of each input row. */
  inputShape?: Shape;
  /** Sequence tasks: the steps × channels of each input row (step-major). */
  sequence?: Task['sequence'];
  /** Resolved options (defaults filled in); `validation` is read from here. */
  options: Record<string, unknown>;
}

/**
 * The finishing steps every task shares: check that the splits agree in shape, carve off the validation
 * split named by `options.validation`, and freeze the recorded options so results cannot drift from them.
 */
export function makeTask(parts: TaskParts): Task {
  const { name, kind, test, options } = parts;
  checkDataset(`task "${name}" train`, parts.train);
  checkDataset(`task "${name}" test`, test);
  const inputSize = parts.train.inputs.cols;
  const outputSize = parts.train.targets.cols;
  if (test.inputs.cols !== inputSize || test.targets.cols !== outputSize) {
    throw new RangeError(
      `task "${name}": test split is ${test.inputs.cols} inputs -> ${test.targets.cols} outputs, train is ${inputSize} -> ${outputSize}`,
    );
  }
  const shape = parts.inputShape;
  if (shape && shape.channels * shape.height * shape.width !== inputSize) {
    throw new RangeError(`task "${name}": input shape ${shape.channels}×${shape.height}×${shape.width} does not hold its ${inputSize} inputs`);
  }
  const seq = parts.sequence;
  if (seq && !seq.render && seq.steps * seq.channels !== inputSize) {
    throw new RangeError(`task "${name}": ${seq.steps} steps × ${seq.channels} channels do not hold its ${inputSize} inputs`);
  }
  if (kind === 'classification' && (!parts.train.labels || !test.labels)) {
    throw new RangeError(`task "${name}": a classification task needs labels on train and test`);
  }
  const { train, validation } = splitValidation(name, parts.train, options.validation ?? 0);
  const task: Task = { name, kind, inputSize, ...(shape && { inputShape: Object.freeze({ ...shape }) }), ...(seq && { sequence: Object.freeze({ ...seq }) }), outputSize, train, test, options: Object.freeze({ ...options }) };
  return validation ? { ...task, validation } : task;
}

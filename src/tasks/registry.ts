import type { RandomStreams } from '../random/streams.js';
import { cifar10Task } from './cifar10.js';
import { circlesTask } from './circles.js';
import { fashionMnistTask } from './fashion-mnist.js';
import { mnistTask } from './mnist.js';
import { resolveOptions } from './options.js';
import { regressionTask } from './regression.js';
import { spiralsTask } from './spirals.js';
import type { Task, TaskFactory, TaskOptions } from './task.js';
import { moonsTask } from './two-moons.js';
import { randmanTask } from './randman.js';
import { yinYangTask } from './yin-yang.js';
import { evidenceAccumulationTask } from './evidence-accumulation.js';
import { xorTask } from './xor.js';

/** The tasks that ship with plasticity, by name. */
export const builtinTasks: Readonly<Record<string, TaskFactory>> = Object.freeze({
  [xorTask.name]: xorTask,
  [moonsTask.name]: moonsTask,
  [circlesTask.name]: circlesTask,
  [spiralsTask.name]: spiralsTask,
  [regressionTask.name]: regressionTask,
  [mnistTask.name]: mnistTask,
  [fashionMnistTask.name]: fashionMnistTask,
  [cifar10Task.name]: cifar10Task,
  [randmanTask.name]: randmanTask,
  [yinYangTask.name]: yinYangTask,
  [evidenceAccumulationTask.name]: evidenceAccumulationTask,
});

/**
 * The factory called `name` in `registry` (the built-ins unless a caller registered its own tasks, e.g.
 * `{ ...builtinTasks, mine }`); an unknown name is an error listing the valid ones.
 */
export function getTaskFactory(name: string, registry: Readonly<Record<string, TaskFactory>> = builtinTasks): TaskFactory {
  if (!Object.prototype.hasOwnProperty.call(registry, name)) {
    throw new Error(`unknown task ${JSON.stringify(name)}; valid tasks are: ${Object.keys(registry).join(', ')}`);
  }
  return registry[name];
}

/**
 * Builds the task called `name`: rejects option names the task does not declare (naming the bad key and
 * listing the valid ones), fills in defaults, and awaits the factory (MNIST loads files asynchronously).
 */
export async function createTask(name: string, options: TaskOptions, streams: RandomStreams, registry: Readonly<Record<string, TaskFactory>> = builtinTasks): Promise<Task> {
  const factory = getTaskFactory(name, registry);
  return factory.create(resolveOptions(name, factory.defaults, options), streams);
}

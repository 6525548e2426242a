import { activationNames } from '../neurons/activations.js';
import { lossNames } from '../neurons/losses.js';
import { validateInit } from '../graph/initialisers.js';
import { validateOptimiser } from '../training/optimisers.js';
import { type LearningRule, type ProjectionKindName, unsupportedProjection, resolveRuleOptions } from '../learning/rule.js';
import { checkLayers } from '../graph/layer-stack.js';
import { planNetwork, rateActivations } from './network-plan.js';
import { validateSchedule } from '../training/schedule.js';
import { builtinTasks } from '../tasks/registry.js';
import { resolveOptions } from '../tasks/options.js';
import type { TaskFactory, TaskShape } from '../tasks/task.js';
import { checkTrainingRunFits, MAX_RUNS } from './estimate.js';
import { checkSpikingSpec, checkSpikingTraining, spikingRunProblem } from './validate-spiking.js';
import type { PlannedRun } from './plan.js';
import type { ExperimentSpec, NetworkSpec, TrainingSpec } from './spec.js';
import { seedList } from './spec.js';

/** A problem with an experiment spec, found before anything runs (the CLI exits with code 2). */
export class SpecError extends Error {}

const fail = (msg: string): never => {
  throw new SpecError(msg);
};

function keysOnly(where: string, obj: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) fail(`${where}: expected an object, got ${JSON.stringify(obj)}`);
  for (const k of Object.keys(obj as object)) if (!allowed.includes(k)) fail(`${where}: unknown key "${k}"; valid keys are ${allowed.join(', ')}`);
  return obj as Record<string, unknown>;
}

const NETWORK_KEYS = ['hidden', 'layers', 'spiking', 'activation', 'output', 'init', 'bias'];
const TRAINING_KEYS = ['epochs', 'batchSize', 'loss', 'optimiser', 'schedule', 'augment', 'steps', 'lossFrom', 'encoder'];

function checkNetwork(where: string, n: Partial<NetworkSpec>, complete: boolean): void {
  keysOnly(where, n, NETWORK_KEYS);
  const kinds = (['hidden', 'layers', 'spiking'] as const).filter((k) => n[k] !== undefined);
  if (kinds.length > 1) fail(`${where}: give one of hidden (an MLP's layer sizes), layers (conv, pool and dense layers) or spiking (a spiking layer trained through time), not ${kinds.join(' and ')}`);
  if (complete && kinds.length === 0) fail(`${where}: expected hidden (an MLP's layer sizes, e.g. [256, 256]), layers (e.g. [{conv: 32, kernel: 3}, {pool: 'max', size: 2}, {dense: 64}]) or spiking (e.g. {size: 200, neuron: 'lif', recurrent: false})`);
  if (n.spiking !== undefined) {
    try {
      checkSpikingSpec(`${where}.spiking`, n.spiking);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  if (n.hidden !== undefined) {
    if (!Array.isArray(n.hidden) || n.hidden.some((h) => !Number.isInteger(h) || h <= 0)) fail(`${where}.hidden: expected a list of positive integers (layer sizes), got ${JSON.stringify(n.hidden)}`);
  }
  if (n.layers !== undefined) {
    try {
      checkLayers(`${where}.layers`, n.layers);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  for (const k of ['activation', 'output'] as const) {
    if (n[k] !== undefined || (complete && n.spiking === undefined)) {
      if (!activationNames.includes(n[k] as never)) fail(`${where}.${k}: ${n[k] === undefined ? 'missing: a rate network needs one' : `unknown activation ${JSON.stringify(n[k])}`}; valid activations are ${activationNames.join(', ')}`);
    }
  }
  if (n.init !== undefined) {
    try {
      validateInit(n.init, `${where}.init`);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  if (n.bias !== undefined && typeof n.bias !== 'boolean') fail(`${where}.bias: expected true or false, got ${JSON.stringify(n.bias)}`);
}

function checkTraining(where: string, t: Partial<TrainingSpec>, complete: boolean): void {
  keysOnly(where, t, TRAINING_KEYS);
  if ((t.epochs !== undefined || complete) && !(Number.isInteger(t.epochs) && (t.epochs as number) >= 0)) fail(`${where}.epochs: expected an integer >= 0, got ${JSON.stringify(t.epochs)}`);
  if ((t.batchSize !== undefined || complete) && !(Number.isInteger(t.batchSize) && (t.batchSize as number) >= 1)) fail(`${where}.batchSize: expected a positive integer, got ${JSON.stringify(t.batchSize)}`);
  if ((t.loss !== undefined || complete) && !lossNames.includes(t.loss as never)) fail(`${where}.loss: unknown loss ${JSON.stringify(t.loss)}; valid losses are ${lossNames.join(', ')}`);
  if (t.augment !== undefined) {
    const a = keysOnly(`${where}.augment`, t.augment, ['crop', 'flip']);
    if (!(Number.isInteger(a.crop) && (a.crop as number) >= 0)) fail(`${where}.augment.crop: expected the largest shift in pixels, an integer >= 0, got ${JSON.stringify(a.crop)}`);
    if (typeof a.flip !== 'boolean') fail(`${where}.augment.flip: expected true or false, got ${JSON.stringify(a.flip)}`);
  }
  try {
    checkSpikingTraining(where, t);
    if (t.optimiser !== undefined || complete) validateOptimiser(t.optimiser, `${where}.optimiser`);
    if (t.schedule !== undefined) validateSchedule(t.schedule, `${where}.schedule`);
  } catch (e) {
    fail((e as Error).message);
  }
}

/**
 * Checks a whole spec against the known rules and tasks: every key, type and name, so that a typo is
 * reported at once, naming the field and listing what is valid, instead of hours into a sweep.
 */
export function validateSpec(spec: ExperimentSpec, rules: Readonly<Record<string, LearningRule>>, tasks: Readonly<Record<string, TaskFactory>> = builtinTasks): void {
  const s = keysOnly('experiment', spec, ['name', 'description', 'rules', 'tasks', 'seeds', 'network', 'training', 'perTask', 'perRule', 'grid', 'quick', 'probeSize']);
  if (typeof s.name !== 'string' || !/^[\w.-]+$/.test(s.name)) fail(`experiment.name: expected a name of letters, digits, _, . and -, got ${JSON.stringify(s.name)}`);
  try {
    seedList(spec.seeds);
  } catch (e) {
    fail(`experiment.${(e as Error).message}`);
  }
  if (!Array.isArray(spec.rules) || spec.rules.length === 0) fail('experiment.rules: expected a non-empty list');
  const labels: string[] = [];
  spec.rules.forEach((entry, i) => {
    const e = typeof entry === 'string' ? { rule: entry } : keysOnly(`rules[${i}]`, entry, ['rule', 'options', 'label', 'tasks']);
    const rule = typeof e.rule === 'string' ? rules[e.rule] : (e.rule as LearningRule);
    if (!rule || (typeof (rule as { create?: unknown }).create !== 'function' && typeof (rule as { learn?: unknown }).learn !== 'function')) fail(`rules[${i}]: unknown rule ${JSON.stringify(typeof e.rule === 'string' ? e.rule : e.rule)}; valid rules are ${Object.keys(rules).sort().join(', ')}`);
    if (rule.regime === 'time-stepped') fail(`rules[${i}]: rule "${rule.name}" is a time-stepped rule; this experiment trains minibatch and feature rules (time-stepped rules run in spiking simulations)`);
    try {
      resolveRuleOptions(rule, (e.options as Record<string, unknown>) ?? {});
    } catch (err) {
      fail(`rules[${i}]: ${(err as Error).message}`);
    }
    labels.push((e.label as string) ?? rule.name, rule.name);
  });
  if (!Array.isArray(spec.tasks) || spec.tasks.length === 0) fail('experiment.tasks: expected a non-empty list');
  const taskNames: string[] = [];
  spec.tasks.forEach((entry, i) => {
    const e = typeof entry === 'string' ? { task: entry } : keysOnly(`tasks[${i}]`, entry, ['task', 'options', 'label']);
    if (!Object.prototype.hasOwnProperty.call(tasks, e.task as string)) fail(`tasks[${i}]: unknown task ${JSON.stringify(e.task)}; valid tasks are ${Object.keys(tasks).join(', ')}`);
    const factory = tasks[e.task as string];
    for (const k of Object.keys((e.options as object) ?? {})) {
      if (!(k in factory.defaults)) fail(`tasks[${i}].options: unknown option "${k}" for task "${factory.name}"; valid options are ${Object.keys(factory.defaults).join(', ')}`);
    }
    taskNames.push(...new Set([(e.label as string) ?? (e.task as string), e.task as string]));
  });
  const taskLabels = spec.tasks.map((t) => (typeof t === 'string' ? t : (t.label ?? t.task)));
  spec.rules.forEach((entry, i) => {
    const only = typeof entry === 'string' ? undefined : entry.tasks;
    if (only === undefined) return;
    if (!Array.isArray(only) || only.length === 0 || !only.every((t) => typeof t === 'string')) fail(`rules[${i}].tasks: expected a non-empty list of task labels or names, got ${JSON.stringify(only)}`);
    for (const t of only) if (!taskLabels.includes(t)) fail(`rules[${i}].tasks: no task labelled "${t}" in this experiment (a task without a label goes by its name); tasks are ${taskLabels.join(', ')}`);
  });
  checkNetwork('network', spec.network, true);
  checkTraining('training', spec.training, true);
  for (const [k, o] of Object.entries(spec.perTask ?? {})) {
    if (!taskNames.includes(k)) fail(`perTask.${k}: no task named or labelled "${k}" in this experiment; tasks are ${[...new Set(taskNames)].join(', ')}`);
    keysOnly(`perTask.${k}`, o, ['network', 'training']);
    if (o.network) checkNetwork(`perTask.${k}.network`, o.network, false);
    if (o.training) checkTraining(`perTask.${k}.training`, o.training, false);
  }
  for (const [k, o] of Object.entries(spec.perRule ?? {})) {
    if (!labels.includes(k)) fail(`perRule.${k}: no rule labelled "${k}" in this experiment; rules are ${[...new Set(labels)].join(', ')}`);
    keysOnly(`perRule.${k}`, o, ['network', 'training']);
    if (o.network) checkNetwork(`perRule.${k}.network`, o.network, false);
    if (o.training) checkTraining(`perRule.${k}.training`, o.training, false);
  }
  if (spec.probeSize !== undefined && !(Number.isInteger(spec.probeSize) && spec.probeSize >= 0)) fail(`experiment.probeSize: expected an integer >= 0, got ${JSON.stringify(spec.probeSize)}`);
  for (const [path, values] of Object.entries(spec.grid ?? {})) {
    const root = path.split('.')[0];
    if (!['network', 'training', 'rule', 'task'].includes(root) || path.split('.').length < 2) fail(`grid: key "${path}" must be a dotted path starting with network., training., rule. or task.`);
    if (!Array.isArray(values) || values.length === 0) fail(`grid["${path}"]: expected a non-empty list of values`);
  }
  // The plan's size from its factors, before any list of runs (or of seeds) is made.
  const seeds = typeof spec.seeds === 'number' ? spec.seeds : spec.seeds.length;
  const points = Object.values(spec.grid ?? {}).reduce((n, v) => n * v.length, 1);
  const runs = spec.rules.length * spec.tasks.length * points * seeds;
  if (runs > MAX_RUNS) fail(`experiment: the plan has ${runs.toLocaleString('en-US')} runs (${spec.rules.length} rules × ${spec.tasks.length} tasks × ${points} grid points × ${seeds.toLocaleString('en-US')} seeds), more than the ${MAX_RUNS.toLocaleString('en-US')} one results folder is made for; split the sweep`);
}

/**
 * Checks what only the planned runs show: every task's option values as the task itself will check them
 * (`TaskFactory.describe`, for tasks that have it), and that each run's network fits in memory with
 * `concurrent` runs at once. Throws a SpecError naming the run's task or layers.
 */
export function checkPlannedRuns(runs: readonly PlannedRun[], tasks: Readonly<Record<string, TaskFactory>>, concurrent: number): void {
  const shapes = new Map<string, TaskShape | null>();
  const checked = new Set<string>();
  for (const run of runs) {
    const taskKey = `${run.taskName}\u0000${JSON.stringify(run.taskOptions)}`;
    if (!shapes.has(taskKey)) {
      const factory = tasks[run.taskName];
      let shape: TaskShape | null = null;
      if (factory.describe) {
        try {
          shape = factory.describe(resolveOptions(run.taskName, factory.defaults, run.taskOptions));
        } catch (e) {
          fail(`tasks: ${run.taskLabel === run.taskName ? '' : `"${run.taskLabel}": `}${(e as Error).message}`);
        }
        if (!(shape!.trainSize >= 1 && shape!.testSize >= 1)) fail(`tasks: task "${run.taskLabel}" would have ${shape!.trainSize} training and ${shape!.testSize} test examples; it needs at least one of each`);
      }
      shapes.set(taskKey, shape);
    }
    const spikingProblem = spikingRunProblem(run, shapes.get(taskKey)!, concurrent);
    if (spikingProblem) fail(spikingProblem);
    if (run.network.spiking) continue;
    // A feature rule's hidden layer is its features, sized by the rule (its options are checked when it runs);
    // the readout it trains on them is a rate layer, which needs its activations before anything runs.
    if (run.rule.regime === 'features') {
      try {
        rateActivations(run.network);
      } catch (e) {
        fail(`rules: run ${run.id}: rule "${run.rule.name}" trains a rate readout on its features; ${(e as Error).message}`);
      }
      continue;
    }
    const layers = run.network.layers ?? [];
    const kindOf = (l: object): ProjectionKindName => ('conv' in l ? 'conv2d' : 'pool' in l ? 'pool' : 'dense');
    const unsupported = unsupportedProjection(run.rule, new Set(layers.map(kindOf)), (kind) => {
      const i = layers.findIndex((l) => kindOf(l) === kind);
      return `network.layers[${i}] ${JSON.stringify(layers[i])}`;
    });
    if (unsupported) fail(`rules: run ${run.id}: ${unsupported}`);
    const shape = shapes.get(taskKey)!;
    if (run.training.augment && shape && !shape.inputShape) fail(`training.augment: task "${run.taskLabel}" has no image shape (its inputs are a vector of ${shape.inputSize}); crop and flip need images`);
    const side = shape?.inputShape ? Math.min(shape.inputShape.height, shape.inputShape.width) : Infinity;
    if (run.training.augment && run.training.augment.crop >= side) fail(`training.augment.crop: ${run.training.augment.crop} pixels would move task "${run.taskLabel}"'s ${shape!.inputShape!.height}×${shape!.inputShape!.width} images out of the frame; expected 0 to ${side - 1}`);
    if (!shape && run.network.layers) continue; // a caller's task without describe(): its shapes are checked when the network is built
    let plan;
    try {
      plan = planNetwork(run.network, shape ?? { inputSize: 1, outputSize: 1 });
    } catch (e) {
      fail(`${(e as Error).message} (task "${run.taskLabel}")`);
    }
    const sizes = plan!.map((l) => l.size);
    const key = `${JSON.stringify(run.network.layers ?? sizes)}|${run.training.batchSize}|${run.training.optimiser?.kind}|${run.probeSize}|${taskKey}`;
    if (checked.has(key)) continue;
    checked.add(key);
    checkTrainingRunFits(run.network.layers ? 'network.layers' : 'network.hidden', plan!, run.training, shape, run.probeSize, concurrent, fail);
  }
}

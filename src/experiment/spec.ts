import type { ActivationName } from '../neurons/activations.js';
import type { LossName } from '../neurons/losses.js';
import type { InitSpec } from '../graph/initialisers.js';
import type { LearningRule, RuleOptions } from '../learning/rule.js';
import type { OptimiserSpec } from '../training/optimisers.js';
import type { ScheduleSpec } from '../training/schedule.js';
import type { LayerSpec } from '../graph/layer-stack.js';
import type { Augmentation } from '../tasks/augment.js';
import type { EncoderSpec } from '../snn/encoders.js';
import type { SpikingNetworkSpec } from '../snn/spiking-network.js';

/** A rule to compare: a registered name, or a rule object (a researcher's own), with options and a label. */
/**
 * A rule to train, by registered name or as a rule object, with options. `tasks` limits it to some of the
 * experiment's tasks, by label (a task without a label goes by its name): a rule with no meaning on a task, such as Diehl & Cook's image
 * network on a task that is already spike trains, is left out there instead of failing.
 */
export type RuleEntry = string | { rule: string | LearningRule; options?: RuleOptions; label?: string; tasks?: string[] };

/** A task to train on, by registered name, with options. */
export type TaskEntry = string | { task: string; options?: Record<string, unknown>; label?: string };

/**
 * The network every rule trains; input and output sizes (and an image task's channels × height × width)
 * come from the task. Give one of
 * - `hidden`: the sizes of an MLP's hidden layers, e.g. [256, 256] (populations hidden1, hidden2), or
 * - `layers`: a stack of conv, pool and dense layers, e.g.
 *   [{ conv: 32, kernel: 3 }, { pool: 'max', size: 2 }, { dense: 64 }] (populations conv1, pool1, fc1;
 *   conv takes stride and padding 'valid' | 'same' | pixels, and both conv and dense an activation of their own), or
 * - `spiking`: one hidden layer of LIF or ALIF neurons with a leaky readout, trained through time by the
 *   through-time rules (bptt, eprop-*), e.g. { size: 200, neuron: 'lif', recurrent: false }; the other fields
 *   of src/snn/spiking-network.ts (tauMem, threshold, spike, gains, dt, readoutTau) are options. activation
 *   and output then have no meaning and are left out.
 */
export interface NetworkSpec {
  hidden?: number[];
  layers?: LayerSpec[];
  spiking?: SpikingSpec;
  /** Rate networks: the hidden layers' and the output's activations (required for them). */
  activation?: ActivationName;
  output?: ActivationName;
  init?: InitSpec;
  bias?: boolean;
}

/** A spiking network in an experiment: the hidden layer's fields and the network's, flat. */
export type SpikingSpec = SpikingNetworkSpec['hidden'] & Omit<SpikingNetworkSpec, 'hidden' | 'inputSize' | 'outputSize'>;

export interface TrainingSpec {
  epochs: number;
  batchSize: number;
  /** Spiking networks are trained on the readout's per-step cross-entropy: 'cross-entropy'. */
  loss: LossName;
  optimiser: OptimiserSpec;
  schedule?: ScheduleSpec;
  /** Image tasks: random crop (shift by up to `crop` pixels, zero fill) and horizontal flip of each training batch, from the run's stream "augment". */
  augment?: Augmentation;
  /** Spiking networks: steps of dt per example (a sequence task's own when left out). */
  steps?: number;
  /** Spiking networks: the first step (1-based) of the loss window; default 1. */
  lossFrom?: number;
  /** Spiking networks on static inputs: how they become spikes ({kind: 'rate', maxRate} or {kind: 'latency', tau, threshold}). */
  encoder?: EncoderSpec;
}

/** Overrides applied per task name (e.g. a regression task wants a linear output and MSE). */
export interface TaskOverrides {
  network?: Partial<NetworkSpec>;
  training?: Partial<TrainingSpec>;
}

/**
 * An experiment: rules × tasks × hyperparameter grid × seeds, all on the same network and training
 * settings. Each (rule, task, grid point, seed) is one run. Runs with the same seed start from the same
 * initial weights and see the same minibatch order, whatever the rule, so differences are the rule's.
 */
export interface ExperimentSpec {
  name: string;
  description: string;
  rules: RuleEntry[];
  tasks: TaskEntry[];
  /** A count n (seeds 1..n) or an explicit list of seeds. */
  seeds: number | number[];
  network: NetworkSpec;
  training: TrainingSpec;
  /** Per-task adjustments keyed by task label (or name): a label lets one task appear twice with different settings, e.g. MNIST rate- and latency-coded. */
  perTask?: Record<string, TaskOverrides>;
  /** Per-rule adjustments keyed by rule label (or name), e.g. a learning rate tuned for that rule. Applied after perTask. */
  perRule?: Record<string, TaskOverrides>;
  /** Rule diagnostics (alignment angles etc.) on a fixed probe batch of this many training examples after every epoch; 0 turns them off. Default 256. */
  probeSize?: number;
  /**
   * Hyperparameter grid: dotted paths into {network, training, rule} mapped to the values to try, e.g.
   * {'training.optimiser.lr': [0.1, 0.01], 'rule.feedbackScale': [1, 0.1]}. Every combination runs.
   */
  grid?: Record<string, unknown[]>;
  /** Overrides applied with --quick: a short setting for smoke runs and `npm start`. */
  quick?: ExperimentOverrides;
}

export interface ExperimentOverrides {
  description?: string;
  rules?: RuleEntry[];
  tasks?: TaskEntry[];
  seeds?: number | number[];
  network?: Partial<NetworkSpec>;
  training?: Partial<TrainingSpec>;
  grid?: Record<string, unknown[]>;
  perRule?: Record<string, TaskOverrides>;
}

/** Identity helper that gives an experiment module its type checking. */
export function defineExperiment(spec: ExperimentSpec): ExperimentSpec {
  return spec;
}

export function applyOverrides(spec: ExperimentSpec, o: ExperimentOverrides | undefined): ExperimentSpec {
  if (!o) return spec;
  return {
    ...spec,
    ...(o.description !== undefined && { description: o.description }),
    ...(o.rules && { rules: o.rules }),
    ...(o.tasks && { tasks: o.tasks }),
    ...(o.seeds !== undefined && { seeds: o.seeds }),
    ...(o.grid && { grid: o.grid }),
    ...(o.perRule && { perRule: mergeOverrides(spec.perRule, o.perRule) }),
    network: mergeNetwork(spec.network, o.network),
    training: { ...spec.training, ...o.training },
  };
}

/**
 * Network settings with later ones taking precedence, key by key, except that `hidden` and `layers` are two
 * ways to give the layers: an override that gives one replaces the other (a --quick MLP of a conv spec).
 */
export function mergeNetwork(...parts: (Partial<NetworkSpec> | undefined)[]): NetworkSpec {
  let out: Partial<NetworkSpec> = {};
  for (const p of parts) {
    if (!p) continue;
    const rest = { ...out };
    // One network kind: naming one replaces another named earlier.
    if (p.hidden !== undefined) delete rest.layers, delete rest.spiking;
    if (p.layers !== undefined) delete rest.hidden, delete rest.spiking;
    if (p.spiking !== undefined) delete rest.hidden, delete rest.layers;
    out = { ...rest, ...p };
  }
  return out as NetworkSpec;
}

function mergeOverrides(a: Record<string, TaskOverrides> | undefined, b: Record<string, TaskOverrides>): Record<string, TaskOverrides> {
  const out: Record<string, TaskOverrides> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = { network: mergeNetwork(a?.[k]?.network, v.network), training: { ...a?.[k]?.training, ...v.training } };
  }
  return out;
}

/** The most seeds one experiment lists (see estimate.ts: a results folder holds at most 100,000 runs). */
export const MAX_SEEDS = 100_000;

/**
 * The seeds as a list: a count n means seeds 1..n, a list is taken as it is. Seeds are integers that a double
 * holds exactly (|seed| ≤ 2^53 − 1), each listed once: two runs with one seed would be the same run.
 */
export function seedList(seeds: number | number[]): number[] {
  if (typeof seeds === 'number') {
    if (!Number.isInteger(seeds) || seeds <= 0) throw new Error(`seeds: expected a positive integer count or a list of integers, got ${seeds}`);
    if (seeds > MAX_SEEDS) throw new Error(`seeds: ${seeds} seeds is more than the ${MAX_SEEDS} one experiment runs; split the sweep`);
    return Array.from({ length: seeds }, (_, i) => i + 1);
  }
  if (!Array.isArray(seeds) || seeds.length === 0 || seeds.some((s) => typeof s !== 'number' || !Number.isInteger(s))) {
    throw new Error(`seeds: expected a positive integer count or a non-empty list of integers, got ${JSON.stringify(seeds)}`);
  }
  if (seeds.length > MAX_SEEDS) throw new Error(`seeds: ${seeds.length} seeds is more than the ${MAX_SEEDS} one experiment runs; split the sweep`);
  const unsafe = seeds.find((s) => !Number.isSafeInteger(s));
  if (unsafe !== undefined) throw new Error(`seeds: ${unsafe} is beyond 2^53 − 1, where seeds can no longer be told apart exactly; use smaller seeds`);
  const seen = new Set<number>();
  for (const s of seeds) {
    if (seen.has(s)) throw new Error(`seeds: seed ${s} is listed twice; each seed runs once`);
    seen.add(s);
  }
  return seeds;
}

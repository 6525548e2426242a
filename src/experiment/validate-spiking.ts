import { EligibilityTraces } from '../snn/eligibility-traces.js';
import { validateEncoder } from '../snn/encoders.js';
import { validateSpikingNetwork } from '../snn/spiking-network.js';
import type { TaskShape } from '../tasks/task.js';
import { formatBytes, runBudget } from './estimate.js';
import type { PlannedRun } from './plan.js';
import type { SpikingSpec, TrainingSpec } from './spec.js';
import { spikingNetworkSpec } from './spiking-run.js';

/*
 * The validator's checks of spiking runs (network.spiking with a through-time rule): the network's fields,
 * the pairing of rule and network, the task and the encoder, and the memory a run needs at its number of steps.
 */

const SPIKING_KEYS = ['size', 'neuron', 'recurrent', 'tauMem', 'tauAdapt', 'adaptation', 'threshold', 'dt', 'readoutTau', 'spike', 'inputGain', 'recurrentGain', 'readoutGain'];

/** network.spiking's fields, checked as the network will check them, with errors named by the spec's own paths. */
export function checkSpikingSpec(where: string, spiking: unknown): void {
  if (!spiking || typeof spiking !== 'object' || Array.isArray(spiking)) throw new Error(`${where}: expected {size, neuron: 'lif' | 'alif', recurrent: true | false, …}, got ${JSON.stringify(spiking)}`);
  for (const k of Object.keys(spiking)) if (!SPIKING_KEYS.includes(k)) throw new Error(`${where}: unknown key "${k}"; valid keys are ${SPIKING_KEYS.join(', ')}`);
  try {
    validateSpikingNetwork(spikingNetworkSpec(spiking as SpikingSpec, { inputSize: 1, outputSize: 1 }), where);
  } catch (e) {
    throw new Error((e as Error).message.replace(`${where}.hidden.`, `${where}.`).replace(`${where}.hidden:`, `${where}:`));
  }
}

export function checkSpikingTraining(where: string, t: Partial<TrainingSpec>): void {
  for (const k of ['steps', 'lossFrom'] as const) {
    if (t[k] !== undefined && !(Number.isInteger(t[k]) && (t[k] as number) >= 1)) throw new Error(`${where}.${k}: expected a whole number of steps >= 1, got ${JSON.stringify(t[k])}`);
  }
  if (t.encoder !== undefined) validateEncoder(t.encoder, `${where}.encoder`);
}

/** Bytes a spiking run holds: weights with their gradients and Adam moments, a batch of inputs, and the rule's history or traces. */
export function spikingRunBytes(run: PlannedRun, shape: Pick<TaskShape, 'inputSize' | 'outputSize' | 'sequence'> & { trainSize?: number }, steps: number): number {
  const s = run.network.spiking!, I = shape.sequence ? shape.sequence.channels : shape.inputSize, N = s.size, K = shape.outputSize, B = run.training.batchSize;
  const weights = I * N + (s.recurrent ? N * N : 0) + N * K + K;
  const batch = steps * B * I * 3; // training, evaluation and probe batches
  const keepsHistory = run.rule.regime === 'through-time' && run.rule.keepsHistory;
  const P = Math.min(run.probeSize, shape.trainSize ?? run.probeSize);
  // The rule keeps its history or traces for each batch shape it meets (src/snn/per-shape.ts): the training
  // batches, the epoch's last shorter one, and the probe's.
  const remainder = shape.trainSize !== undefined ? shape.trainSize % B : 0;
  const sizes = [B, ...(remainder > 0 ? [remainder] : []), ...(P > 0 && P !== B ? [P] : [])];
  const perShape = (b: number) => (keepsHistory ? (steps + 1) * b * N * 2 + steps * b * K : EligibilityTraces.bytes({ inputSize: I, size: N, recurrent: s.recurrent, adaptive: s.neuron === 'alif' }, b) / 8);
  const rule = sizes.reduce((sum, b) => sum + perShape(b), 0);
  // The probe's BPTT pass (the angles to BPTT) records the whole sequence, for every rule; probeSize 0 turns it off.
  const probe = P > 0 ? (steps + 1) * P * N * 2 + steps * P * (K + I) : 0;
  return 8 * (weights * 5 + batch + rule + probe);
}

/** Null when the run is a well-formed spiking run (or not a spiking run at all); otherwise what is wrong. */
export function spikingRunProblem(run: PlannedRun, shape: TaskShape | null, concurrent: number): string | null {
  const spiking = run.network.spiking !== undefined, throughTime = run.rule.regime === 'through-time';
  if (!spiking && !throughTime) return null;
  if (throughTime && !spiking) return `rules: run ${run.id}: rule "${run.rule.name}" trains spiking networks through time; this network has no spiking layer (give network.spiking: {size, neuron: 'lif' | 'alif', recurrent})`;
  if (spiking && !throughTime) return `rules: run ${run.id}: rule "${run.rule.name}" is a ${run.rule.regime} rule for rate networks; it has no defined meaning on the spiking population "hidden" (network.spiking): use bptt, eprop-symmetric, eprop-random or eprop-adaptive`;
  // The run's own network: grid points and per-rule or per-task settings may have changed its fields.
  try {
    checkSpikingSpec('network.spiking', run.network.spiking);
  } catch (e) {
    return `run ${run.id}: ${(e as Error).message}`;
  }
  if (run.network.activation !== undefined || run.network.output !== undefined) return `network: activation and output have no meaning for a spiking network (network.spiking: LIF or ALIF neurons with a leaky readout); leave them out`;
  if (run.training.loss !== 'cross-entropy') return `training.loss: a spiking network is trained on its readout's cross-entropy at each step of the loss window; expected "cross-entropy", got ${JSON.stringify(run.training.loss)}`;
  if (run.training.augment) return `training.augment: not supported for spiking networks`;
  if (!shape) return null; // a caller's task without describe(): checked when the run starts
  const seq = shape.sequence;
  if (seq && run.training.steps !== undefined && run.training.steps !== seq.steps) return `training.steps: ${run.training.steps}, but task "${run.taskLabel}" is a sequence of ${seq.steps} steps (leave steps out to use them)`;
  if (seq && run.training.encoder) return `training.encoder: task "${run.taskLabel}" is already a sequence of spikes; leave the encoder out`;
  if (!seq && !run.training.encoder) return `training.encoder: task "${run.taskLabel}" has static inputs; a spiking network needs an encoder for them ({kind: 'rate', maxRate} or {kind: 'latency', tau, threshold})`;
  if (!seq && run.training.steps === undefined) return `training.steps: task "${run.taskLabel}" has static inputs; give the number of steps to present each example for`;
  const steps = seq ? seq.steps : run.training.steps!;
  if (run.training.lossFrom !== undefined && run.training.lossFrom > steps) return `training.lossFrom: ${run.training.lossFrom}, after the last of the ${steps} steps`;
  const bytes = spikingRunBytes(run, shape, steps), budget = runBudget(concurrent);
  if (bytes > budget.bytes) return `network.spiking: a run of ${steps} steps with ${run.network.spiking!.size} neurons and batches of ${run.training.batchSize} needs about ${formatBytes(bytes)} of memory, more than ${budget.limit}; use fewer steps, neurons or a smaller training.batchSize${run.rule.regime === 'through-time' && run.rule.keepsHistory ? ` (${run.rule.name} keeps every step; e-prop's memory does not grow with the steps)` : run.probeSize > 0 ? ` (the probe batch of ${run.probeSize} examples, on which BPTT measures the angles, keeps every step: experiment.probeSize 0 turns it off)` : ''}`;
  return null;
}

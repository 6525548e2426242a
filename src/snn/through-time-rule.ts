import type { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import type { SequenceBatch, SequenceOutcome } from './sequence-simulator.js';
import type { SpikingGradients, SpikingNetwork } from './spiking-network.js';

/**
 * A rule that trains a spiking network through time on minibatches of sequences (src/snn): surrogate-gradient
 * BPTT, e-prop. As for the rate rules, a rule file shows its feedback pathway (how each hidden neuron gets its
 * learning signal: the exact backward pass, or the output error through W_outᵀ, a fixed random B or a learned
 * one) and its local update (what each synapse multiplies it with).
 */
export interface ThroughTimeRule<O extends object = Record<string, unknown>> {
  readonly name: string;
  readonly regime: 'through-time';
  readonly summary: string;
  readonly citation?: string;
  /** Every option the rule accepts, with its default; unknown option names are rejected. */
  readonly defaults: O;
  /** Whether the rule keeps the whole pass (BPTT: memory grows with the number of steps) or only traces (e-prop). */
  readonly keepsHistory: boolean;
  create(setup: { net: SpikingNetwork; streams: RandomStreams; options: O }): ThroughTimeLearner;
}

export interface ThroughTimeLearner {
  /** Runs the batch from rest and writes the update directions (descent: the optimiser subtracts η × them) into grads, which the caller zeroed. */
  learn(batch: SequenceBatch, grads: SpikingGradients): SequenceOutcome;
  /** After the optimiser's step: `readoutChange` is what it added to W_out (learned feedback follows it). */
  afterStep?(readoutChange: Float64Array, learningRate: number): void;
  /** The matrix that carries the output error to the hidden layer (shaped like W_out), for alignment angles; none for BPTT. */
  feedbackWeights?(): Matrix;
  /** Bytes the rule holds for a batch of `size` examples of `steps` steps (the history or the traces). */
  memoryBytes(steps: number, size: number): number;
}

import type { Matrix } from '../kernels/matrix.js';
import type { RandomStream } from '../random/stream.js';
import { EligibilityTraces } from './eligibility-traces.js';
import { SequenceSimulator } from './sequence-simulator.js';
import type { SpikingNetwork } from './spiking-network.js';
import type { ThroughTimeLearner } from './through-time-rule.js';

/**
 * What the three e-prop rules share: a pass without history, eligibility traces at every synapse, and the
 * learning signal L^t = g^t Bᵀ through the rule's feedback matrix B (src/snn/eligibility-traces.ts). The
 * rule files say what B is.
 */
export function epropLearner(net: SpikingNetwork, feedback: () => Matrix): Omit<ThroughTimeLearner, 'afterStep'> {
  const sim = new SequenceSimulator(net, false), traces = new EligibilityTraces(net);
  return {
    learn: (batch, grads) => traces.accumulate(sim, batch, feedback(), grads),
    feedbackWeights: feedback,
    // The traces, plus the two steps of state the pass keeps; none of it grows with the number of steps.
    memoryBytes: (_steps, size) => EligibilityTraces.bytes(net, size) + 8 * size * 2 * (2 * net.size + net.outputSize),
  };
}

/** A fixed random matrix shaped like W_out, N(0, (scale · readoutGain)² / N): the readout's own initial distribution. */
export function randomReadoutFeedback(net: SpikingNetwork, stream: RandomStream, scale: number, into: Matrix): Matrix {
  const std = (scale * (net.spec.readoutGain ?? 1)) / Math.sqrt(net.size);
  for (let i = 0; i < into.data.length; i++) into.data[i] = stream.normal(0, std);
  return into;
}

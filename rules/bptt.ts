/**
 * Surrogate-gradient backpropagation through time (Neftci, Mostafa & Zenke 2019; Zenke & Vogels 2021):
 * the spiking network's "backprop" row.
 *
 * Feedback pathway: exact. The whole pass is kept (every step's spikes and pseudo-derivatives), and the error
 * goes back through the unrolled equations — the readout's leak, the recurrent weights W_recᵀ, each neuron's
 * leak, reset and threshold adaptation — with the surrogate ψ^t in place of the spike's derivative
 * (src/snn/backprop-through-time.ts gives the recursion):
 *   δv^t = ψ^t (δy^t W_outᵀ + δv^{t+1} W_recᵀ − ϑ δv^{t+1} + δa^{t+1}) + α δv^{t+1}
 * Local update: ΔW_in = −η Σ_t x^tᵀ δv^t, ΔW_rec = −η Σ_t z^{t−1}ᵀ δv^t, ΔW_out = −η Σ_t z^tᵀ δy^t.
 * Not local in time: it needs the future's errors at every past step, so memory grows with the sequence.
 *
 * `detachReset: true` treats the reset as a constant in the backward pass (Bellec et al. 2020's BPTT, and
 * Zenke & Vogels's recommendation); the default keeps it, the exact gradient of the surrogate model.
 */
import { BackpropThroughTime } from '../src/snn/backprop-through-time.js';
import { SequenceSimulator } from '../src/snn/sequence-simulator.js';
import type { ThroughTimeRule } from '../src/snn/through-time-rule.js';

export interface BpttOptions {
  detachReset: boolean;
}

export const bptt: ThroughTimeRule<BpttOptions> = {
  name: 'bptt',
  regime: 'through-time',
  summary: 'Surrogate-gradient BPTT: exact backprop through the unrolled spiking network, a pseudo-derivative for each spike',
  citation: 'Neftci, Mostafa & Zenke (2019) IEEE Signal Process. Mag. 36:51; Zenke & Vogels (2021) Neural Comput. 33:899',
  defaults: { detachReset: false },
  keepsHistory: true,
  create({ net, options }) {
    const sim = new SequenceSimulator(net, true), backward = new BackpropThroughTime(options.detachReset);
    return {
      learn(batch, grads) {
        const outcome = sim.run(batch);
        backward.accumulate(sim, batch, grads);
        return outcome;
      },
      // Spikes and ψ for every step, plus the inputs the pass keeps views of.
      memoryBytes: (steps, size) => 8 * size * ((steps + 1) * 2 * net.size + steps * (net.outputSize + net.inputSize)),
    };
  },
};

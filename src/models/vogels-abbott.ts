import { Network } from '../graph/network.js';
import type { Population } from '../graph/population.js';
import type { RandomStreams } from '../random/streams.js';
import { ClockSimulator } from '../sim/clock.js';

/**
 * The two benchmark networks of Vogels & Abbott (2005, J. Neurosci. 25:10786) as restated by Brette et al.
 * (2007, J. Comput. Neurosci. 23:349), built from the engine's populations and synapses. experiments/cuba.ts
 * and experiments/coba.ts run them over seeds and measure them with exc-inh-measurement.ts; Brian2 runs the
 * same models in test/bench/brian2/cuba.py and coba.py.
 */

/**
 * The Vogels & Abbott (2005) current-based benchmark network (CUBA), in the form of Brian2's CUBA
 * example (Brette et al. 2007, benchmark 2): N LIF neurons, 80% excitatory and 20% inhibitory, each
 * ordered pair connected with probability p = 80/N (0.02 at N = 4000), no external input — the
 * network sustains asynchronous irregular activity because El = −49 mV lies above threshold.
 *
 *   τm dv/dt = ge + gi − (v − El),   τe dge/dt = −ge,   τi dgi/dt = −gi
 *   τm 20 ms, τe 5 ms, τi 10 ms, Vt −50 mV, Vr −60 mV, El −49 mV, refractory 5 ms
 *   an excitatory spike adds we = 1.62 mV to ge, an inhibitory one wi = −9 mV to gi (no delay:
 *   the jump acts from the next 0.1 ms step, as in Brian2); initial v uniform in [Vr, Vt]
 */
export const cubaDefaults = {
  /** Total number of neurons (80% excitatory). */
  N: 4000,
  /** Expected synapses per neuron; p = inDegree / N. */
  inDegree: 80,
  durationMs: 1000,
  dt: 0.1,
  we: 1.62,
  wi: -9,
};

export interface CubaNetwork {
  net: Network;
  sim: ClockSimulator;
  exc: Population;
  inh: Population;
  synapses: number;
}

/** Builds the network and its simulator (initial v drawn from "init/<population>/v"). */
export function buildCuba(p: typeof cubaDefaults, streams: RandomStreams): CubaNetwork {
  const net = new Network();
  const nExc = Math.round(0.8 * p.N);
  const lif = { tauM: 20, tauE: 5, tauI: 10, Vt: -50, Vr: -60, El: -49, tRef: 5 };
  const exc = net.addPopulation('exc', nExc, { kind: 'spiking', model: 'lif', params: lif });
  const inh = net.addPopulation('inh', p.N - nExc, { kind: 'spiking', model: 'lif', params: lif });
  const prob = p.inDegree / p.N;
  let synapses = 0;
  for (const [pre, w, target] of [[exc, p.we, 'ge'], [inh, p.wi, 'gi']] as const) {
    for (const post of [exc, inh]) {
      // Brian2's connect(p=...) may connect a neuron to itself; so does this.
      synapses += net.connectSpiking(pre, post, { connectivity: { kind: 'fixed-probability', p: prob, allowSelf: true }, weight: w, target }, streams).count;
    }
  }
  const sim = new ClockSimulator(net, { dt: p.dt, streams });
  for (const pop of [exc, inh]) sim.initialise(pop, 'v', { kind: 'uniform', low: -60, high: -50 });
  return { net, sim, exc, inh, synapses };
}

/**
 * The conductance-based benchmark network (COBA), in the variant of ANNarchy's and Brette et al.
 * (2007) benchmark 1 with a constant drive: N LIF neurons (80% excitatory), p = 80/N, conductance
 * synapses in units of the leak conductance:
 *
 *   τm dv/dt = (El − v) + ge (Ee − v) + gi (Ei − v) + I,   τe dge/dt = −ge,   τi dgi/dt = −gi
 *   τm 20 ms, El −60 mV, Ee 0 mV, Ei −80 mV, I 20 mV, Vt −50 mV, Vr −60 mV, refractory 5 ms, τe 5 ms, τi 10 ms
 *   an excitatory spike adds 0.6 to ge (6 nS for g_L = 10 nS), an inhibitory one 6.7 to gi (67 nS)
 *   initial v ~ N(−55, 5) mV, ge ~ N(4, 1.5), gi ~ N(20, 12), negative conductances clipped to 0
 */
export const cobaDefaults = { N: 4000, inDegree: 80, durationMs: 1000, dt: 0.1, we: 0.6, wi: 6.7, I: 20 };

export function buildCoba(p: typeof cobaDefaults, streams: RandomStreams) {
  const net = new Network();
  const nExc = Math.round(0.8 * p.N);
  const params = { tauM: 20, tauE: 5, tauI: 10, El: -60, Ee: 0, Ei: -80, I: p.I, Vt: -50, Vr: -60, tRef: 5 };
  const exc = net.addPopulation('exc', nExc, { kind: 'spiking', model: 'lif-cond', params });
  const inh = net.addPopulation('inh', p.N - nExc, { kind: 'spiking', model: 'lif-cond', params });
  let synapses = 0;
  for (const [pre, w, target] of [[exc, p.we, 'ge'], [inh, p.wi, 'gi']] as const) {
    for (const post of [exc, inh]) {
      synapses += net.connectSpiking(pre, post, { connectivity: { kind: 'fixed-probability', p: p.inDegree / p.N, allowSelf: true }, weight: w, target }, streams).count;
    }
  }
  const sim = new ClockSimulator(net, { dt: p.dt, streams });
  for (const pop of [exc, inh]) {
    sim.initialise(pop, 'v', { kind: 'normal', mean: -55, std: 5 });
    sim.initialise(pop, 'ge', { kind: 'normal', mean: 4, std: 1.5 });
    sim.initialise(pop, 'gi', { kind: 'normal', mean: 20, std: 12 });
    for (const g of ['ge', 'gi']) {
      const arr = sim.state(pop)[g];
      for (let k = 0; k < arr.length; k++) if (arr[k] < 0) arr[k] = 0; // a conductance cannot be negative
    }
  }
  return { net, sim, exc, inh, synapses };
}

/**
 * Bytes a Vogels & Abbott network of N neurons with `inDegree` synapses per neuron may hold: about 48 per
 * synapse (CSR index, weight, delay, initial weight, delay steps, and the connectivity draw), 200 per neuron
 * (state and buffers), and a fixed 400 MB for the runtime and the spike monitors of the measurement.
 */
export function vogelsAbbottBytes(p: { N: number; inDegree: number }): number {
  return 48 * p.N * p.inDegree + 200 * p.N + 400 * 2 ** 20;
}

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
 *
 *   npx plasticity run cuba --seeds 5
 *   npx plasticity run cuba --set N=16000
 */
import { defineSimulation } from '../src/experiment/simulation.js';
import { Network } from '../src/graph/network.js';
import type { Population } from '../src/graph/population.js';
import type { RandomStreams } from '../src/random/streams.js';
import { ClockSimulator } from '../src/sim/clock.js';
import { runExcInh } from '../src/experiment/exc-inh-run.js';

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

export default defineSimulation({
  kind: 'simulation',
  name: 'cuba',
  description:
    'Vogels & Abbott (2005) CUBA network as in Brian2\'s example: 80% excitatory / 20% inhibitory LIF neurons, p = 80/N, exact integration, dt 0.1 ms, 1 s. ' +
    'Mean rate, fraction of silent neurons and mean ISI CV over seeds; raster and population rate of the first seed.',
  seeds: 5,
  params: cubaDefaults,
  quick: { seeds: 2 },
  simulate({ params, streams, log }) {
    const p = params as typeof cubaDefaults;
    const t0 = performance.now();
    const { sim, exc, inh, synapses } = buildCuba(p, streams);
    return runExcInh('CUBA', sim, exc, inh, p.durationMs, { synapses, setupSeconds: (performance.now() - t0) / 1000 }, log);
  },
});

/**
 * The conductance-based benchmark network (COBA), in the variant of ANNarchy's and Brette et al.
 * (2007) benchmark 1 with a constant drive: N LIF neurons (80% excitatory), p = 80/N, conductance
 * synapses in units of the leak conductance:
 *
 *   τm dv/dt = (El − v) + ge (Ee − v) + gi (Ei − v) + I,   τe dge/dt = −ge,   τi dgi/dt = −gi
 *   τm 20 ms, El −60 mV, Ee 0 mV, Ei −80 mV, I 20 mV, Vt −50 mV, Vr −60 mV, refractory 5 ms, τe 5 ms, τi 10 ms
 *   an excitatory spike adds 0.6 to ge (6 nS for g_L = 10 nS), an inhibitory one 6.7 to gi (67 nS)
 *   initial v ~ N(−55, 5) mV, ge ~ N(4, 1.5), gi ~ N(20, 12), negative conductances clipped to 0
 *
 *   npx plasticity run coba --seeds 5
 */
import { defineSimulation } from '../src/experiment/simulation.js';
import { runExcInh } from '../src/experiment/exc-inh-run.js';
import { Network } from '../src/graph/network.js';
import type { RandomStreams } from '../src/random/streams.js';
import { ClockSimulator } from '../src/sim/clock.js';

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

export default defineSimulation({
  kind: 'simulation',
  name: 'coba',
  description:
    'Conductance-based benchmark network (ANNarchy / Brette et al. 2007 variant with constant drive I = 20 mV): 80% excitatory / 20% inhibitory conductance LIF neurons, p = 80/N, dt 0.1 ms, 1 s.',
  seeds: 5,
  params: cobaDefaults,
  quick: { seeds: 2 },
  simulate({ params, streams, log }) {
    const p = params as typeof cobaDefaults;
    const t0 = performance.now();
    const { sim, exc, inh, synapses } = buildCoba(p, streams);
    return runExcInh('COBA', sim, exc, inh, p.durationMs, { synapses, setupSeconds: (performance.now() - t0) / 1000 }, log);
  },
});

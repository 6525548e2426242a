/**
 * Runs the COBA benchmark network (src/models/vogels-abbott.ts) over seeds and measures it with the
 * protocol of src/models/exc-inh-measurement.ts: mean rates, silent fraction, ISI CV; raster and rates.
 *
 *   npx plasticity run coba --seeds 5
 */
import { defineSimulation } from '../src/experiment/simulation.js';
import { measureExcInh } from '../src/models/exc-inh-measurement.js';
import { buildCoba, cobaDefaults, vogelsAbbottBytes } from '../src/models/vogels-abbott.js';

export default defineSimulation({
  kind: 'simulation',
  name: 'coba',
  description:
    'Conductance-based benchmark network (ANNarchy / Brette et al. 2007 variant with constant drive I = 20 mV): 80% excitatory / 20% inhibitory conductance LIF neurons, p = 80/N, dt 0.1 ms, 1 s.',
  seeds: 5,
  params: cobaDefaults,
  quick: { seeds: 2 },
  estimateBytes: (p) => vogelsAbbottBytes({ N: p.N, inDegree: p.inDegree }),
  simulate({ params, streams, log }) {
    const p = params as typeof cobaDefaults;
    const t0 = performance.now();
    const { sim, exc, inh, synapses } = buildCoba(p, streams);
    return measureExcInh('COBA', sim, exc, inh, p.durationMs, { synapses, setupSeconds: (performance.now() - t0) / 1000 }, log);
  },
});

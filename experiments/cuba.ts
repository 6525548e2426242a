/**
 * Runs the CUBA benchmark network (src/models/vogels-abbott.ts) over seeds and measures it with the
 * protocol of src/models/exc-inh-measurement.ts: mean rates, silent fraction, ISI CV; raster and rates.
 *
 *   npx plasticity run cuba --seeds 5
 *   npx plasticity run cuba --set N=16000
 */
import { defineSimulation } from '../src/experiment/simulation.js';
import { measureExcInh } from '../src/models/exc-inh-measurement.js';
import { buildCuba, cubaDefaults, vogelsAbbottBytes } from '../src/models/vogels-abbott.js';

export default defineSimulation({
  kind: 'simulation',
  name: 'cuba',
  description:
    'Vogels & Abbott (2005) CUBA network as in Brian2\'s example: 80% excitatory / 20% inhibitory LIF neurons, p = 80/N, exact integration, dt 0.1 ms, 1 s. ' +
    'Mean rate, fraction of silent neurons and mean ISI CV over seeds; raster and population rate of the first seed.',
  seeds: 5,
  params: cubaDefaults,
  quick: { seeds: 2 },
  estimateBytes: (p) => vogelsAbbottBytes({ N: p.N, inDegree: p.inDegree }),
  simulate({ params, streams, log }) {
    const p = params as typeof cubaDefaults;
    const t0 = performance.now();
    const { sim, exc, inh, synapses } = buildCuba(p, streams);
    return measureExcInh('CUBA', sim, exc, inh, p.durationMs, { synapses, setupSeconds: (performance.now() - t0) / 1000 }, log);
  },
});

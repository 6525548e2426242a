/**
 * One CUBA run in its own process, for the benchmark: prints a JSON line with setup and simulation
 * seconds, spikes, synaptic events and peak memory. Usage: tsx test/bench/cuba-once.ts <N> [seed]
 */
import { buildCuba, cubaDefaults } from '../../src/models/vogels-abbott.js';
import { RandomStreams } from '../../src/random/streams.js';
import { SpikeMonitor } from '../../src/sim/monitors.js';

const N = Number(process.argv[2] ?? 4000);
const seed = Number(process.argv[3] ?? 1);
const t0 = performance.now();
const { net, sim, exc, inh, synapses } = buildCuba({ ...cubaDefaults, N }, new RandomStreams(seed));
const monitors = [exc, inh].map((p) => sim.addMonitor(new SpikeMonitor(p, 20_000_000)));
const t1 = performance.now();
sim.run(1000);
const t2 = performance.now();
// Synaptic events: every spike reaches each synapse leaving its neuron.
let events = 0;
for (const [k, pop] of [exc, inh].entries()) {
  const counts = monitors[k].countsPerNeuron();
  for (const g of net.synapses.filter((s) => s.pre === pop)) for (let i = 0; i < pop.size; i++) events += counts[i] * (g.rowStart[i + 1] - g.rowStart[i]);
}
const spikes = monitors[0].count + monitors[1].count;
console.log(JSON.stringify({ N, synapses, setupSeconds: (t1 - t0) / 1000, simulationSeconds: (t2 - t1) / 1000, spikes, meanRateHz: spikes / N, events, peakRssMB: process.resourceUsage().maxRSS / 1024 }));

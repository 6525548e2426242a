/**
 * Hashes of whole spiking runs, printed as one JSON line, for spiking-paths.test.ts to compare between the
 * kernel paths (PLASTICITY_KERNELS=js and wasm; the path is chosen once per process, hence a script):
 * a CUBA network (lif), a COBA network (lif-cond) and the Song 2000 STDP experiment (Poisson sources,
 * lif-cond, pair STDP: its metrics and its figures, which hold the weights at three times and the output rate). Usage: tsx test/kernels/spiking-hashes.ts
 */
import { createHash } from 'node:crypto';
import song2000, { song2000Defaults } from '../../experiments/stdp-song2000.js';
import { kernelInfo } from '../../src/kernels/backend.js';
import { buildCoba, buildCuba, cobaDefaults, cubaDefaults } from '../../src/models/vogels-abbott.js';
import { RandomStreams } from '../../src/random/streams.js';
import type { ClockSimulator } from '../../src/sim/clock.js';
import { SpikeMonitor } from '../../src/sim/monitors.js';
import type { Population } from '../../src/graph/population.js';
import type { Network } from '../../src/graph/network.js';

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function runHash(sim: ClockSimulator, net: Network, pops: Population[], ms: number): { hash: string; spikes: number } {
  const mons = pops.map((p) => sim.addMonitor(new SpikeMonitor(p)));
  sim.run(ms);
  const h = createHash('sha256');
  for (const m of mons) h.update(bytes(m.indices())).update(bytes(m.times()));
  for (const p of pops) for (const a of Object.values(sim.state(p))) h.update(bytes(a));
  for (const g of net.synapses) h.update(bytes(g.weight));
  return { hash: h.digest('hex'), spikes: mons.reduce((s, m) => s + m.count, 0) };
}

const cuba = buildCuba({ ...cubaDefaults, N: 800 }, new RandomStreams(1));
const coba = buildCoba({ ...cobaDefaults, N: 400 }, new RandomStreams(2));
const result: Record<string, unknown> = { kernels: kernelInfo().path };
result.cuba = runHash(cuba.sim, cuba.net, [cuba.exc, cuba.inh], 300);
result.coba = runHash(coba.sim, coba.net, [coba.exc, coba.inh], 200);
const song = await song2000.simulate({ seed: 1, params: { ...song2000Defaults, durationS: 3 }, streams: new RandomStreams(1), log: () => {} });
result.song2000 = {
  metrics: Object.fromEntries(Object.entries(song.metrics).filter(([k]) => !/Seconds|realTime/.test(k))),
  figures: createHash('sha256').update(JSON.stringify(song.figures)).digest('hex'),
};
console.log(JSON.stringify(result));

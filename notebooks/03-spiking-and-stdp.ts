// %% [markdown]
// # 03 · Spiking networks and STDP
//
// The same graph model holds spiking populations, spike sources and sparse synapses with delays; the
// clock-driven simulator advances them with a fixed time step (0.1 ms) in a fixed order each step:
// sources → neurons (integrate, threshold, reset) → propagate spikes into delay buffers → deliver →
// plasticity hooks → monitors. Three classic results, each in a few seconds of computing:
//
// 1. the Vogels & Abbott (2005) **CUBA** network: 4,000 LIF neurons in asynchronous irregular activity;
// 2. the **STDP window**, measured with the Bi & Poo (1998) pairing protocol;
// 3. **Song, Miller & Abbott (2000)**: STDP makes 1,000 synapses compete, and their weights split.

// %%
import { UPDATE_ORDER } from '../src/sim/clock.js';
import { showTable } from './lib/display.js';

await showTable(UPDATE_ORDER.map((s, i) => ({ step: i + 1, phase: s.phase, 'what happens': s.does })), 'One time step of the clock-driven simulator (src/sim/clock.ts).');

// %% [markdown]
// ## 1. The CUBA network
//
// `buildCuba` (in `src/models/vogels-abbott.ts`) makes 3,200 excitatory and 800 inhibitory current-based LIF
// neurons (τ<sub>m</sub> = 20 ms, E<sub>l</sub> = −49 mV above the −50 mV threshold), each ordered pair
// connected with probability 0.02; an excitatory spike adds 1.62 mV to g<sub>e</sub>, an inhibitory one
// −9 mV to g<sub>i</sub>. Initial membrane potentials are drawn from the stream `init/<population>/v`.
// Monitors record spikes, population rates and chosen state variables; each has a fixed capacity, so
// nothing is allocated while the network runs.

// %%
import { buildCuba, cubaDefaults } from '../src/models/vogels-abbott.js';
import { RandomStreams } from '../src/random/streams.js';
import { PopulationRateMonitor, SpikeMonitor, StateMonitor } from '../src/sim/monitors.js';
import { spikeStatistics } from '../src/sim/spike-statistics.js';
import { rasterFigure, rateFigure, lineFigure } from '../src/plot/spiking-figures.js';
import { fmt, show } from './lib/display.js';

const durationMs = 1000;
const cuba = buildCuba({ ...cubaDefaults, durationMs }, new RandomStreams(1));
const spikesE = cuba.sim.addMonitor(new SpikeMonitor(cuba.exc));
const spikesI = cuba.sim.addMonitor(new SpikeMonitor(cuba.inh));
const rateE = cuba.sim.addMonitor(new PopulationRateMonitor(cuba.exc));
const rateI = cuba.sim.addMonitor(new PopulationRateMonitor(cuba.inh));
const membrane = cuba.sim.addMonitor(new StateMonitor(cuba.exc, ['v'], [0, 1, 2]));
const t0 = performance.now();
cuba.sim.run(durationMs);
console.log(`${cuba.exc.size + cuba.inh.size} neurons, ${cuba.synapses} synapses: ${durationMs} ms simulated in ${((performance.now() - t0) / 1000).toFixed(2)} s`);

const stats = spikeStatistics([...spikesE.trains(), ...spikesI.trains()], durationMs);
console.log(`mean rate ${fmt(stats.meanRate)} Hz, silent fraction ${fmt(stats.silentFraction, 3)}, mean ISI CV ${fmt(stats.meanIsiCv, 3)} (over ${stats.cvNeurons} neurons with >= 3 spikes)`);

/** The spikes of the first `limit` neurons of a monitor, for a readable raster. */
function firstNeurons(m: SpikeMonitor, limit: number): { indices: number[]; times: number[] } {
  const idx = m.indices(), t = m.times();
  const keep = [...idx.keys()].filter((k) => idx[k] < limit);
  return { indices: keep.map((k) => idx[k]), times: keep.map((k) => t[k]) };
}
await show(
  rasterFigure('cuba-raster', 'CUBA: spike raster (first 400 excitatory, first 100 inhibitory neurons)', [
    { label: 'excitatory', ...firstNeurons(spikesE, 400), offset: 0 },
    { label: 'inhibitory', ...firstNeurons(spikesI, 100), offset: 400 },
  ], 'Each dot is one spike: irregular firing, no global oscillation.'),
  rateFigure('cuba-rate', 'CUBA: population rate (5 ms bins)', [
    { label: 'excitatory', ...rateE.rates(5) },
    { label: 'inhibitory', ...rateI.rates(5) },
  ], 'Spikes per neuron per second in 5 ms bins.'),
  lineFigure('cuba-v', 'CUBA: membrane potential of three excitatory neurons', 'time (ms)', 'v (mV)', [0, 1, 2].map((k) => ({ label: `neuron ${k}`, x: membrane.times(), y: membrane.trace('v', k) })), 'Sampled every step (0.1 ms); a spike resets v to −60 mV, then 5 ms of refractoriness.'),
);

// %% [markdown]
// `npx plasticity run cuba --seeds 5` runs the same network over five seeds and writes the metrics and
// these figures to a results folder; the README compares them with Brian2 on the same machine.
//
// ## 2. The STDP window
//
// Pair-based STDP (`rules/stdp.ts`) keeps a trace per presynaptic and per postsynaptic neuron. A
// presynaptic spike depresses the synapse by A<sub>−</sub>·y<sub>post</sub>; a postsynaptic spike
// potentiates it by A<sub>+</sub>·x<sub>pre</sub>. The `stdp-window` experiment measures the resulting
// window the way Bi & Poo did: for each Δt = t<sub>post</sub> − t<sub>pre</sub> from −100 to +100 ms a
// fresh synapse receives 60 pairings at 1 Hz, and Δw is read off at the end; it does the same for the
// triplet rule (Pfister & Gerstner 2006), then repeats Δt = ±10 ms at 1–50 Hz. Experiments are plain
// modules, so a notebook can call one directly and get its metrics and figures.

// %%
import stdpWindow from '../experiments/stdp-window.js';
import { resolveParams } from '../src/experiment/simulation.js';

const windowParams = resolveParams(stdpWindow, {}); // the defaults: 60 pairings at 1 Hz, Δt in steps of 5 ms
const windowRun = await stdpWindow.simulate({ seed: 1, params: windowParams, streams: new RandomStreams(1), log: (m) => console.log(m) });
await show(...windowRun.figures!);
console.log(`pair STDP against 60·K(Δt): largest deviation ${windowRun.metrics.pairMaxAbsDeviation.toExponential(1)}; area LTP ${fmt(windowRun.metrics.pairLtpArea, 3)}, LTD ${fmt(windowRun.metrics.pairLtdArea, 3)} (Δw·ms): net depression`);

// %% [markdown]
// ## 3. Competition through STDP (Song, Miller & Abbott 2000)
//
// 1,000 Poisson inputs at 15 Hz drive one conductance-based LIF neuron through plastic synapses, weights
// initially uniform in [0, g<sub>max</sub>]. With **additive** STDP (hard bounds) and depression slightly
// stronger than potentiation (A<sub>−</sub>/A<sub>+</sub> = 1.05), the synapses compete: the weights
// move to the bounds and the output rate falls. With **multiplicative** STDP (soft bounds: the change
// shrinks near each bound) they settle into one broad bump instead (van Rossum, Bi & Turrigiano 2000).
// The time-stepped rule is attached to the simulator with one call, `attachRule(sim, rule, synapses, options)`:
// it checks the options against the rule's defaults (a misspelt name is an error), gives the rule its own
// random streams and runs it in every step's plasticity phase.
// Simulated here for 60 s (the published figure uses longer runs: `npx plasticity run stdp-song2000`).

// %%
import { stdp } from '../rules/stdp.js';
import { Network } from '../src/graph/network.js';
import { attachRule } from '../src/learning/attach-rule.js';
import { ClockSimulator } from '../src/sim/clock.js';
import { histogramFigure } from '../src/plot/spiking-figures.js';

const gmax = 0.01;
const seconds = 60;
const snapshotsAt = [seconds]; // and t = 0

function song2000(weightDependence: 'additive' | 'multiplicative', seed: number) {
  const streams = new RandomStreams(seed);
  const net = new Network();
  const input = net.addPopulation('input', 1000, { kind: 'poisson', rate: 15 });
  const neuron = net.addPopulation('neuron', 1, { kind: 'spiking', model: 'lif-cond', params: { tauM: 10, tauE: 5, El: -74, Ee: 0, I: 0, Vt: -54, Vr: -60, tRef: 0 } });
  const syn = net.connectSpiking(input, neuron, { connectivity: { kind: 'all-to-all' }, weight: { kind: 'uniform', low: 0, high: gmax }, target: 'ge' }, streams);
  const sim = new ClockSimulator(net, { dt: 0.1, streams });
  sim.initialise(neuron, 'v', -74);
  // Additive: A± are absolute weight steps. Multiplicative: A± scale (wMax − w) and (w − wMin).
  const amplitude = weightDependence === 'additive' ? 0.01 * gmax : 0.01;
  attachRule(sim, stdp, [syn], { aPlus: amplitude, aMinus: 1.05 * amplitude, wMin: 0, wMax: gmax, weightDependence });
  const out = sim.addMonitor(new SpikeMonitor(neuron));
  const snapshots = [{ t: 0, w: syn.weight.slice() }];
  const ratePerSecond: number[] = [];
  for (let s = 1; s <= seconds; s++) {
    const before = out.count;
    sim.run(1000);
    ratePerSecond.push(out.count - before);
    if (snapshotsAt.includes(s)) snapshots.push({ t: s, w: syn.weight.slice() });
  }
  return { snapshots, ratePerSecond };
}

const t1 = performance.now();
const additive = song2000('additive', 1);
const multiplicative = song2000('multiplicative', 1);
console.log(`2 × ${seconds} s simulated in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

function histogram(run: ReturnType<typeof song2000>, label: string) {
  const fig = histogramFigure(`song-${label}`, `Song 2000, ${label} STDP: weights before and after ${seconds} s`, 'w / gmax', run.snapshots.map((s) => ({ label: `t = ${s.t} s`, values: Array.from(s.w, (v) => v / gmax) })), 'Distribution of the 1,000 weights, initially uniform in [0, gmax].');
  for (const trace of fig.data) trace.xbins = { start: 0, end: 1, size: 0.05 };
  fig.layout.yaxis = { ...(fig.layout.yaxis as object), title: { text: 'synapses' } };
  return fig;
}
const fraction = (w: Float64Array, test: (x: number) => boolean) => Array.from(w).filter((v) => test(v / gmax)).length / w.length;
for (const [label, run] of [['additive', additive], ['multiplicative', multiplicative]] as const) {
  const w = run.snapshots[run.snapshots.length - 1].w;
  console.log(`${label}: after ${seconds} s, ${fmt(100 * fraction(w, (x) => x < 0.1), 1)}% of weights below 0.1·gmax, ${fmt(100 * fraction(w, (x) => x > 0.9), 1)}% above 0.9·gmax`);
}
await show(
  histogram(additive, 'additive'),
  histogram(multiplicative, 'multiplicative'),
  lineFigure('song-rate', 'Song 2000: output rate', 'time (s)', 'output rate (Hz)', [
    { label: 'additive', x: additive.ratePerSecond.map((_, i) => i + 1), y: additive.ratePerSecond },
    { label: 'multiplicative', x: multiplicative.ratePerSecond.map((_, i) => i + 1), y: multiplicative.ratePerSecond },
  ], 'Spikes of the output neuron in each second of simulated time.'),
);

/**
 * Competitive Hebbian learning through STDP (Song, Miller & Abbott 2000, Nat. Neurosci. 3:919), with
 * the parameters of Brian2's STDP example: 1000 Poisson inputs at 15 Hz drive one conductance-based
 * LIF neuron through plastic excitatory synapses with additive pair STDP and hard bounds [0, gmax].
 *
 *   τm dv/dt = (El − v) + ge (Ee − v),  τe dge/dt = −ge        τm 10 ms, El −74 mV, Ee 0 mV, τe 5 ms
 *   spike when v > −54 mV, reset to −60 mV (no refractory period), ge in units of the leak conductance
 *   STDP: τ+ = τ− = 20 ms, A+ = 0.01·gmax, A− = 1.05·A+ (depression slightly dominates), gmax = 0.01
 *   initial weights uniform in [0, gmax]
 *
 * The weights compete: the distribution becomes bimodal, piling up at 0 and at gmax, and the output
 * rate falls from its initial value and settles, nearly independent of the input rate.
 *
 *   npx plasticity run stdp-song2000 --seeds 3
 */
import { defineSimulation } from '../src/experiment/simulation.js';
import { Network } from '../src/graph/network.js';
import { attachRule } from '../src/learning/attach-rule.js';
import { ClockSimulator } from '../src/sim/clock.js';
import { SpikeMonitor } from '../src/sim/monitors.js';
import { histogramFigure, lineFigure } from '../src/plot/spiking-figures.js';
import { stdp } from '../rules/stdp.js';

export const song2000Defaults = { inputs: 1000, inputRateHz: 15, durationS: 100, gmax: 0.01, aPlusOverGmax: 0.01, depressionRatio: 1.05, dt: 0.1 };

/** Counts of w/gmax in 10 equal bins over [0, 1]. */
function histogram10(w: Float64Array, gmax: number): number[] {
  const h = new Array(10).fill(0);
  for (const v of w) h[Math.min(9, Math.floor((v / gmax) * 10))]++;
  return h;
}

export default defineSimulation({
  kind: 'simulation',
  name: 'stdp-song2000',
  description:
    'Song, Miller & Abbott (2000) as in Brian2\'s STDP example: 1000 Poisson inputs at 15 Hz onto one conductance LIF neuron, additive pair STDP with hard bounds, A−/A+ = 1.05, 100 s. Weight histograms over time and the output rate.',
  seeds: 3,
  params: song2000Defaults,
  quick: { seeds: 1, params: { durationS: 20 } },
  simulate({ params: p, streams, log }) {
    const t0 = performance.now();
    const net = new Network();
    const input = net.addPopulation('input', p.inputs, { kind: 'poisson', rate: p.inputRateHz });
    const neuron = net.addPopulation('neuron', 1, { kind: 'spiking', model: 'lif-cond', params: { tauM: 10, tauE: 5, El: -74, Ee: 0, I: 0, Vt: -54, Vr: -60, tRef: 0 } });
    const syn = net.connectSpiking(input, neuron, { connectivity: { kind: 'all-to-all' }, weight: { kind: 'uniform', low: 0, high: p.gmax }, target: 'ge' }, streams);
    const sim = new ClockSimulator(net, { dt: p.dt, streams });
    sim.initialise(neuron, 'v', -74);
    const aPlus = p.aPlusOverGmax * p.gmax;
    attachRule(sim, stdp, [syn], { tauPlus: 20, tauMinus: 20, aPlus, aMinus: p.depressionRatio * aPlus, wMin: 0, wMax: p.gmax, weightDependence: 'additive', pairing: 'all-to-all' });
    const out = sim.addMonitor(new SpikeMonitor(neuron, 1_000_000));
    const snapshots: { t: number; w: Float64Array }[] = [{ t: 0, w: syn.weight.slice() }];
    const rate: number[] = [];
    const chunks = Math.round(p.durationS);
    let last = 0;
    const t1 = performance.now();
    for (let s = 1; s <= chunks; s++) {
      sim.run(1000);
      rate.push(out.count - last);
      last = out.count;
      if (s === Math.round(chunks / 10) || s === Math.round(chunks / 2) || s === chunks) snapshots.push({ t: s, w: syn.weight.slice() });
    }
    const simulationSeconds = (performance.now() - t1) / 1000;
    const w = syn.weight;
    const low = w.filter((v) => v < 0.1 * p.gmax).length / w.length, high = w.filter((v) => v > 0.9 * p.gmax).length / w.length;
    const tail = Math.max(1, Math.round(chunks / 10));
    const meanOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const h = histogram10(w, p.gmax);
    log(`output ${meanOf(rate).toFixed(1)} Hz overall, ${meanOf(rate.slice(0, tail)).toFixed(1)} Hz first ${tail} s, ${meanOf(rate.slice(-tail)).toFixed(1)} Hz last ${tail} s; w<0.1gmax ${low.toFixed(3)}, w>0.9gmax ${high.toFixed(3)}; hist10 ${h.join(' ')}; ${simulationSeconds.toFixed(1)} s`);
    return {
      metrics: {
        outputRateHz: meanOf(rate),
        outputRateFirstHz: meanOf(rate.slice(0, tail)),
        outputRateLastHz: meanOf(rate.slice(-tail)),
        fractionNearZero: low,
        fractionNearMax: high,
        // U-shape: both edge bins hold more than the middle ones on average.
        edgeOverMiddle: (h[0] + h[9]) / 2 / (h.slice(3, 7).reduce((a, b) => a + b, 0) / 4),
        setupSeconds: (t1 - t0) / 1000,
        simulationSeconds,
        realTimeFactor: simulationSeconds / p.durationS,
      },
      figures: [
        histogramFigure('weights', 'STDP: weight distribution over time', 'w / gmax', snapshots.map((s) => ({ label: `t = ${s.t} s`, values: Array.from(s.w, (v) => v / p.gmax) })), 'Initially uniform; additive STDP with slightly dominant depression drives the weights to the bounds (bimodal).', 'synapses'),
        lineFigure('rate', 'STDP: output rate', 'time (s)', 'output rate (Hz)', [{ label: 'output neuron', x: rate.map((_, i) => i + 1), y: rate }], 'Spikes of the output neuron per second; the rate falls as the weights compete, then settles.'),
      ],
    };
  },
});

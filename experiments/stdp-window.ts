/**
 * The STDP window, measured the way Bi & Poo (1998, J. Neurosci. 18:10464) did: for each spike-timing
 * difference Δt = t_post − t_pre, a fresh synapse receives `pairs` pre/post pairings at `rateHz` (60 at 1 Hz),
 * and Δw is read off at the end. Done for additive all-to-all pair STDP (rules/stdp.ts, defaults: A+ 0.01,
 * A− 0.0105, τ± 20 ms) and for minimal triplet STDP (rules/triplet-stdp.ts, Pfister & Gerstner 2006
 * visual-cortex defaults).
 *
 * Set-up: one network holds every Δt at once. Pre neuron k is a spike generator; post neuron k is a LIF
 * neuron forced to fire at the chosen times by a second generator through a one-to-one synapse strong
 * enough (2e4 into a τe = 0.05 ms ge, ≈ 43 mV in one step) to cross threshold in the step after the kick.
 * Pre k → post k has two plastic one-to-one synapses, one per rule; their weights (≤ 2 mV into the same fast
 * ge) cannot make the post neuron fire, and the spike monitors confirm every post spike is a scheduled one.
 * Synapses start at w = 1 with bounds [0, 2], so nothing clips and Δw is also the relative change.
 * Δt runs from −maxDeltaMs to +maxDeltaMs in steps of stepDeltaMs, including 0, which by the rules'
 * convention (pre spikes handled before post spikes within a step) is a causal pair: potentiation.
 *
 * Reference curves:
 * - pair STDP, isolated pairs: pairs · K(Δt), K = A+·e^{−Δt/τ+} (Δt ≥ 0), −A−·e^{Δt/τ−} (Δt < 0). At 1 Hz a
 *   spike also pairs with the neighbouring pairings' spikes, ≥ 1000 − |Δt| ms away; the explicit sum over
 *   all pre/post pairs measures that (metric pairInteractionMax, the sum of the cross-pairing terms: of order
 *   A−·e^{−(1000 − 100)/20}·pairs ≈ 2e-20, far below rounding error).
 * Window areas (Δw·ms per lobe, and their sum, the integral over [−100, 100] ms: the LTP/LTD balance) are
 * taken from the samples with exponential interpolation (exact for exponential lobes); the LTD lobe, sampled
 * up to −5 ms, is continued to 0⁻ along the exponential through its two nearest samples. The analytic values
 * are the integrals of the kernel over the same range: 60·(A+τ+(1 − e^{−100/τ+}) − A−τ−(1 − e^{−100/τ−})) < 0,
 * net depression as Song et al. (2000) require for stable competition.
 * - triplet STDP: the same isolated-pair kernel with A2± (A2+ = 0: no pair potentiation), and an
 *   event-driven evaluation of the triplet model over the spike times (tripletExactMaxDeviation).
 * A second figure repeats the protocol at 1–50 Hz with Δt = ±10 ms (Sjöström et al. 2001): pair STDP's
 * potentiation falls with frequency, the triplet rule's grows; at 1 Hz its potentiation is almost nil.
 *
 *   npx plasticity run stdp-window
 */
import { defineSimulation } from '../src/experiment/simulation.js';
import { Network } from '../src/graph/network.js';
import { attachRule } from '../src/learning/attach-rule.js';
import { resolveRuleOptions } from '../src/learning/rule.js';
import { lineFigure } from '../src/plot/spiking-figures.js';
import type { RandomStreams } from '../src/random/streams.js';
import { ClockSimulator } from '../src/sim/clock.js';
import { SpikeMonitor } from '../src/sim/monitors.js';
import { stdp } from '../rules/stdp.js';
import { tripletStdp } from '../rules/triplet-stdp.js';
import { exp, log as ln, pow } from '../src/kernels/math.js';

const pair = resolveRuleOptions(stdp, { wMin: 0, wMax: 2 });
const triplet = resolveRuleOptions(tripletStdp, { wMin: 0, wMax: 2 });
const W0 = 1;

interface Protocol {
  /** Steps of pre spikes and of post spikes, per synapse. */
  pre: number[][];
  post: number[][];
}

/** Pairing protocol: synapse k gets `pairs` pairs, `periodSteps[k]` apart, post `deltaSteps[k]` after pre. */
function protocol(deltaSteps: number[], periodSteps: number[], pairs: number, startStep: number): Protocol {
  const pre = deltaSteps.map((_, k) => Array.from({ length: pairs }, (_, n) => startStep + n * periodSteps[k]));
  return { pre, post: pre.map((list, k) => list.map((s) => s + deltaSteps[k])) };
}

/** Runs a protocol through both rules; returns Δw per synapse for each. */
function measure(p: Protocol, dt: number, streams: RandomStreams): { pair: number[]; triplet: number[] } {
  const n = p.pre.length;
  const gen = (steps: number[][], shift: number) => ({
    indices: steps.flatMap((l, k) => l.map(() => k)),
    // Mid-step times, so rounding cannot move a spike into a neighbouring step.
    times: steps.flatMap((l) => l.map((s) => (s + shift) * dt)),
  });
  const net = new Network();
  net.addPopulation('pre', n, { kind: 'spike-generator', ...gen(p.pre, 0.5) });
  net.addPopulation('kick', n, { kind: 'spike-generator', ...gen(p.post, -0.5) }); // acts in the next step
  net.addPopulation('post', n, { kind: 'spiking', model: 'lif', params: { El: -70, Vr: -70, Vt: -50, tauE: 0.05, tRef: dt } });
  net.connectSpiking('kick', 'post', { connectivity: { kind: 'one-to-one' }, weight: 2e4, target: 'ge' }, streams);
  const pairSyn = net.connectSpiking('pre', 'post', { name: 'pair', connectivity: { kind: 'one-to-one' }, weight: W0, target: 'ge' }, streams);
  const tripletSyn = net.connectSpiking('pre', 'post', { name: 'triplet', connectivity: { kind: 'one-to-one' }, weight: W0, target: 'ge' }, streams);
  const sim = new ClockSimulator(net, { dt, streams });
  sim.initialise('post', 'v', -70);
  const mon = sim.addMonitor(new SpikeMonitor(net.population('post')));
  attachRule(sim, stdp, [pairSyn], pair);
  attachRule(sim, tripletStdp, [tripletSyn], triplet);
  const last = Math.max(...p.pre.flat(), ...p.post.flat());
  sim.run((last + 10) * dt);
  const trains = mon.trains();
  for (let k = 0; k < n; k++) {
    const want = p.post[k].map((s) => s * dt);
    if (trains[k].length !== want.length || want.some((t, i) => trains[k][i] !== t)) {
      throw new Error(`stdp-window: post neuron ${k} fired ${trains[k].length} spikes, expected exactly the ${want.length} scheduled ones`);
    }
  }
  return { pair: Array.from(pairSyn.weight, (w) => w - W0), triplet: Array.from(tripletSyn.weight, (w) => w - W0) };
}

/**
 * Pair STDP summed explicitly over every (pre, post) pair (same-step pairs count as causal), split into the
 * pairs within a pairing (n = m) and across pairings (n ≠ m: the interaction between neighbouring pairings).
 */
function pairSum(pre: number[], post: number[], dt: number): { total: number; across: number } {
  let total = 0, across = 0;
  pre.forEach((ti, n) => post.forEach((tj, m) => {
    const d = (tj - ti) * dt;
    const term = d >= 0 ? pair.aPlus * exp(-d / pair.tauPlus) : -pair.aMinus * exp(d / pair.tauMinus);
    total += term;
    if (n !== m) across += term;
  }));
  return { total, across };
}

/**
 * The triplet model evaluated from the spike times, event by event in time order (pre before post within a
 * step), with each trace written as its sum of exponentials: an independent check of the clock-driven rule.
 */
function tripletSum(pre: number[], post: number[], dt: number): number {
  const trace = (spikes: number[], t: number, tau: number, strict: boolean) => spikes.reduce((a, s) => (strict ? s < t : s <= t) ? a + exp(-((t - s) * dt) / tau) : a, 0);
  let dw = 0;
  for (const ti of pre) dw -= trace(post, ti, triplet.tauMinus, true) * (triplet.a2Minus + triplet.a3Minus * trace(pre, ti, triplet.tauX, true));
  for (const tj of post) dw += trace(pre, tj, triplet.tauPlus, false) * (triplet.a2Plus + triplet.a3Plus * trace(post, tj, triplet.tauY, true));
  return dw;
}

/**
 * Area under one side of a sampled window (x increasing, no jump inside), interpolating exponentially between
 * neighbouring samples of the same sign, which is exact for an exponential window (trapezoids elsewhere).
 * `extendTo` continues the side from its last sample to that x with the exponential through its last two
 * samples: the LTD side is sampled up to −step but the window's LTD lobe reaches 0⁻.
 */
function sideArea(x: number[], y: number[], extendTo?: number): number {
  const segment = (x0: number, x1: number, y0: number, y1: number) => (y0 * y1 > 0 && y0 !== y1 ? ((x1 - x0) * (y1 - y0)) / ln(y1 / y0) : ((x1 - x0) * (y0 + y1)) / 2);
  let a = 0;
  for (let i = 1; i < x.length; i++) a += segment(x[i - 1], x[i], y[i - 1], y[i]);
  if (extendTo !== undefined && x.length >= 2) {
    const n = x.length - 1, ratio = y[n] / y[n - 1];
    const yEnd = ratio > 0 ? y[n] * pow(ratio, (extendTo - x[n]) / (x[n] - x[n - 1])) : y[n];
    a += segment(x[n], extendTo, y[n], yEnd);
  }
  return a;
}

const maxAbs = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

export default defineSimulation({
  kind: 'simulation',
  name: 'stdp-window',
  description:
    'STDP window by the Bi & Poo (1998) protocol: for each Δt in [−100, 100] ms (step 5 ms, 0 included), 60 pre/post pairings at 1 Hz on a fresh synapse, ' +
    'for additive all-to-all pair STDP (against the analytic exponential kernel × 60) and minimal triplet STDP (Pfister & Gerstner 2006); ' +
    'plus Δt = ±10 ms at 1–50 Hz, where triplet potentiation grows with frequency and pair potentiation does not. Deterministic (spike generators): one seed suffices.',
  seeds: 1,
  params: { pairs: 60, rateHz: 1, maxDeltaMs: 100, stepDeltaMs: 5, dt: 0.1 },
  quick: { params: { pairs: 10 } },
  simulate({ params, streams, log }) {
    const { pairs, rateHz, maxDeltaMs, stepDeltaMs, dt } = params;
    const toSteps = (ms: number, what: string) => {
      const s = Math.round(ms / dt);
      if (Math.abs(s * dt - ms) > 1e-9 * Math.max(1, ms)) throw new Error(`stdp-window: ${what} = ${ms} ms is not a whole number of steps of dt = ${dt} ms`);
      return s;
    };
    if (!(Number.isInteger(pairs) && pairs >= 1)) throw new Error(`stdp-window: pairs must be a positive integer, got ${pairs}`);
    const period = toSteps(1000 / rateHz, 'the pairing period 1000/rateHz');
    const step = toSteps(stepDeltaMs, 'stepDeltaMs'), maxSteps = toSteps(maxDeltaMs, 'maxDeltaMs');
    if (!(step > 0 && maxSteps < period)) throw new Error(`stdp-window: need 0 < stepDeltaMs and maxDeltaMs < the pairing period (${1000 / rateHz} ms)`);

    // Window: all Δt at once, first pre spike after maxDeltaMs + 10 ms so the earliest post spike is at >= 10 ms.
    const deltas: number[] = [];
    for (let d = -Math.floor(maxSteps / step) * step; d <= maxSteps; d += step) deltas.push(d);
    const t0 = performance.now();
    const w = protocol(deltas, deltas.map(() => period), pairs, maxSteps + toSteps(10, '10 ms'));
    const measured = measure(w, dt, streams);
    const dtMs = deltas.map((d) => d * dt);
    const kernel = (x: number, aPlus: number, aMinus: number, tauPlus: number, tauMinus: number) => pairs * (x >= 0 ? aPlus * exp(-x / tauPlus) : -aMinus * exp(x / tauMinus));
    const pairAnalytic = dtMs.map((x) => kernel(x, pair.aPlus, pair.aMinus, pair.tauPlus, pair.tauMinus));
    const pairExact = deltas.map((_, k) => pairSum(w.pre[k], w.post[k], dt));
    const tripletPairKernel = dtMs.map((x) => kernel(x, triplet.a2Plus, triplet.a2Minus, triplet.tauPlus, triplet.tauMinus));
    const tripletExact = deltas.map((_, k) => tripletSum(w.pre[k], w.post[k], dt));

    // Frequency dependence at Δt = ±10 ms.
    const freqs = [1, 5, 10, 20, 40, 50];
    const lag = toSteps(10, '10 ms');
    const fDeltas = [...freqs.map(() => lag), ...freqs.map(() => -lag)];
    const fPeriods = [...freqs, ...freqs].map((f) => toSteps(1000 / f, `the period at ${f} Hz`));
    const freq = measure(protocol(fDeltas, fPeriods, pairs, 2 * lag), dt, streams.fork('frequency'));
    const seconds = (performance.now() - t0) / 1000;

    // Areas of the two lobes (Δw·ms); their sum is the window's integral over [−maxDeltaMs, maxDeltaMs].
    const lobe = (y: number[], ltd: boolean) => {
      const keep = dtMs.map((x) => (x < 0) === ltd);
      return sideArea(dtMs.filter((_, k) => keep[k]), y.filter((_, k) => keep[k]), ltd ? 0 : undefined);
    };
    const pairLtp = lobe(measured.pair, false), pairLtd = lobe(measured.pair, true);
    const tripletLtp = lobe(measured.triplet, false), tripletLtd = lobe(measured.triplet, true);
    const analyticLtp = pairs * pair.aPlus * pair.tauPlus * (1 - exp(-maxDeltaMs / pair.tauPlus));
    const analyticLtd = -pairs * pair.aMinus * pair.tauMinus * (1 - exp(-maxDeltaMs / pair.tauMinus));
    const metrics = {
      pairMaxAbsDeviation: maxAbs(measured.pair, pairAnalytic),
      pairMaxRelDeviation: maxAbs(measured.pair, pairAnalytic) / (pairs * pair.aPlus),
      pairInteractionMax: Math.max(...pairExact.map((e) => Math.abs(e.across))),
      pairExactMaxDeviation: maxAbs(measured.pair, pairExact.map((e) => e.total)),
      pairLtpArea: pairLtp,
      pairLtdArea: pairLtd,
      pairIntegral: pairLtp + pairLtd,
      pairIntegralAnalytic: analyticLtp + analyticLtd,
      pairLtpLtdRatio: pairLtp / -pairLtd,
      pairLtpLtdRatioAnalytic: analyticLtp / -analyticLtd,
      tripletExactMaxDeviation: maxAbs(measured.triplet, tripletExact),
      tripletTripletTermMax: maxAbs(measured.triplet, tripletPairKernel),
      tripletMaxLtp: Math.max(...measured.triplet),
      tripletMaxLtd: Math.min(...measured.triplet),
      tripletLtpArea: tripletLtp,
      tripletLtdArea: tripletLtd,
      tripletIntegral: tripletLtp + tripletLtd,
      pairPlus10At1Hz: freq.pair[0],
      pairPlus10At50Hz: freq.pair[freqs.length - 1],
      tripletPlus10At1Hz: freq.triplet[0],
      tripletPlus10At50Hz: freq.triplet[freqs.length - 1],
      simulationSeconds: seconds,
    };
    log(`pair: max |Δw − ${pairs}·K| ${metrics.pairMaxAbsDeviation.toExponential(2)}, neighbour interaction ${metrics.pairInteractionMax.toExponential(2)}, integral ${metrics.pairIntegral.toFixed(4)} (analytic ${metrics.pairIntegralAnalytic.toFixed(4)}); triplet: max LTP ${metrics.tripletMaxLtp.toExponential(2)}, max LTD ${metrics.tripletMaxLtd.toFixed(3)}; ${seconds.toFixed(2)} s`);

    const dense = Array.from({ length: 401 }, (_, i) => -maxDeltaMs + (i * 2 * maxDeltaMs) / 400);
    const windowFig = lineFigure('window', `STDP window: ${pairs} pairings at ${rateHz} Hz per Δt`, 'Δt = t_post − t_pre (ms)', 'Δw (w₀ = 1)', [
      { label: 'pair STDP, measured', x: dtMs, y: measured.pair },
      { label: `pair STDP, ${pairs}·K(Δt)`, x: dense, y: dense.map((x) => kernel(x, pair.aPlus, pair.aMinus, pair.tauPlus, pair.tauMinus)) },
      { label: 'triplet STDP, measured', x: dtMs, y: measured.triplet },
      { label: `triplet, pair terms only: ${pairs}·K₂(Δt)`, x: dense, y: dense.map((x) => kernel(x, triplet.a2Plus, triplet.a2Minus, triplet.tauPlus, triplet.tauMinus)) },
    ], `Weight change after ${pairs} pre/post pairings at ${rateHz} Hz, one fresh synapse per Δt (markers), against the isolated-pair kernels (lines). ` +
      'Pair STDP matches its kernel to rounding error. The minimal triplet rule has no pair potentiation (A2+ = 0); its potentiation needs a recent post spike (o2, τy = 114 ms), which at 1 Hz has decayed away, so its window is depression only.');
    for (const i of [0, 2]) Object.assign(windowFig.data[i], { mode: 'markers', marker: { size: 6 } });
    const freqFig = lineFigure('frequency', `Pairing frequency: ${pairs} pairings, Δt = ±10 ms`, 'pairing frequency (Hz)', 'Δw (w₀ = 1)', [
      { label: 'pair STDP, +10 ms', x: freqs, y: freq.pair.slice(0, freqs.length) },
      { label: 'pair STDP, −10 ms', x: freqs, y: freq.pair.slice(freqs.length) },
      { label: 'triplet STDP, +10 ms', x: freqs, y: freq.triplet.slice(0, freqs.length) },
      { label: 'triplet STDP, −10 ms', x: freqs, y: freq.triplet.slice(freqs.length) },
    ], 'The protocol of Sjöström et al. (2001): as pairings come faster, all-to-all pair STDP sees more post→pre pairs and potentiates less; the triplet rule potentiates more, because each post spike finds the previous ones in its slow trace o2. At 40–50 Hz even Δt = −10 ms potentiates under the triplet rule.');
    return { metrics, figures: [windowFig, freqFig] };
  },
});

import type { Matrix } from '../kernels/matrix.js';
import { Network } from '../graph/network.js';
import type { Population } from '../graph/population.js';
import type { SynapseGroup } from '../graph/synapses.js';
import { attachRule } from '../learning/attach-rule.js';
import type { TimeSteppedLearner, TimeSteppedRule } from '../learning/time-stepped-rule.js';
import type { RandomStreams } from '../random/streams.js';
import { ClockSimulator } from '../sim/clock.js';
import { SpikeCountMonitor } from '../sim/monitors.js';
import { exp } from '../kernels/math.js';
import { allocF64 } from '../kernels/backend.js';
import { normaliseByPost } from '../learning/normalise-by-post.js';

/**
 * The unsupervised spiking network of Diehl & Cook (2015, Front. Comput. Neurosci. 9:99), built from the
 * engine's populations, synapses and clock simulator:
 *
 *   input (Poisson, one per pixel) ──all-to-all, plastic (STDP), ge──▶ excitatory (lif-adaptive)
 *   excitatory ──one-to-one, ge, 10.4──▶ inhibitory (lif-cond)
 *   inhibitory ──to every other excitatory neuron, gi, 17──▶ excitatory
 *
 * Lateral inhibition makes the excitatory neurons compete (soft winner-take-all); each neuron's adaptive
 * threshold keeps any one from winning everything; STDP moves the winner's weights towards the input; and
 * before each image every excitatory neuron's incoming weights are rescaled to sum to `weightSum` (78), so
 * neurons compete for a fixed synaptic budget. Parameters follow the paper's code (Diehl&Cook_spiking_MNIST.py
 * in github.com/peter-u-diehl/stdp-mnist, and Brian2's port, examples/frompapers/Diehl_Cook_2015.py; a
 * Brian2 script of this model is test/bench/brian2/diehl_cook.py). The plasticity rule is handed in by the
 * caller so that this file does not depend on a particular rule (rules/stdp-features.ts offers the paper's three); the
 * code's default, nearest-spike triplet STDP, is `diehlCookStdp` below (rules/triplet-stdp.ts with A2+ = 0,
 * A3+ = 0.01, A2− = 1e-4, τ+ = τ− = 20 ms, τy = 40 ms, w ∈ [0, 1]).
 *
 * Presentation: an image with pixel values x ∈ [0, 1] drives input i at x_i · 63.75 · intensity / 2 Hz
 * (the paper's pixel/4 Hz at intensity 2) for `presentMs` (350 ms). If the excitatory layer fires fewer
 * than `minSpikes` (5) times, the intensity rises by 1 and the image is shown again. Between images the
 * paper lets the network rest for 150 ms without input so that voltages, conductances and traces decay; here
 * the rest starts a new trial of the simulator (`sim.newTrial()`: v = El, ge = gi = 0, no refractoriness, STDP
 * traces 0), which is what the rest approaches, at no simulation cost. The weights are kept, and so are the
 * adaptive thresholds θ (a persistent variable of lif-adaptive), which decay over the rest exactly as they
 * would have (θ ← θ·e^{−restMs/τθ}). Input delays (the paper's
 * U[0, 10] ms) are left out: with Poisson inputs they only jitter spike times.
 *
 * Threshold: −72 mV + θ with θ starting at 20 mV, and all of θ decays with τθ (the paper's code), so over
 * a run the 20 mV starting offset fades while spike-driven increases take its place.
 *
 * The minimum interval between two spikes (`minInterval`): the paper's code also requires a `timer` to
 * exceed 5 ms, with `dtimer/dt = 100.0 : ms`. Brian 1 evaluates that constant in SI units, i.e. 100 s per
 * second, so the timer passes 5 ms within one 0.5 ms step and only the 5 ms refractory period limits the
 * rate: `minInterval` 0 (default) is that behaviour. Brian2's port of the model (examples/frompapers/
 * Diehl_Cook_2015.py) reads the constant as 0.1 ms per ms, i.e. at most one spike per 50 ms; set
 * `minInterval: 50` for that.
 *
 * Time step: the paper used 0.5 ms with Euler integration; the default here is the same dt with the
 * engine's exact-exponential integration. One consequence: an excitatory spike takes its inhibitory partner
 * to −40.3 mV after one step (just short of its −40 mV threshold; in continuous time it crosses at 0.51 ms),
 * so lateral inhibition arrives one step (0.5 ms) later than with Euler, and about 20% more excitatory spikes
 * get through early in training: 18.7 per image over the first 500 images against 15.1 for Brian2 2.5.1
 * running its example's settings (triplet rule, 50 ms interval, dt 0.5 ms, Euler). With dt 0.1 ms this
 * network gives 15.4, and θ after 1,000 images 23.5/26.1/30.1 mV (min/median/max) against Brian2's
 * 22.7/26.0/29.7, at about four times the cost.
 */
export interface DiehlCookOptions {
  /** Excitatory neurons (= inhibitory neurons). */
  excitatory: number;
  /** Time step, ms. */
  dt: number;
  presentMs: number;
  /** Rest between images, ms: not simulated, but the adaptive thresholds decay over it as they would. */
  restMs: number;
  /** Initial input intensity: the brightest pixel drives 63.75 · intensity / 2 Hz. */
  intensity: number;
  minSpikes: number;
  /** Give up raising the intensity after this many repeats (an all-black image never drives the layer). */
  maxRepeats: number;
  /** Adaptive threshold increase per spike, mV. */
  thetaPlus: number;
  /** Decay time constant of θ, ms (the paper's 10⁷; `Infinity` holds θ fixed, as the frozen network does). */
  tauTheta: number;
  /**
   * Initial θ, mV (the paper's 20): the threshold is −72 mV + θ, and θ as a whole decays with τθ, so over a
   * long training run the threshold's starting offset fades while the spike-driven increases take its place.
   */
  theta0: number;
  /** Shortest interval between two spikes of an excitatory neuron, ms (0: only the refractory period; Brian2's port: 50). */
  minInterval: number;
  /** Sum of each excitatory neuron's input weights after normalisation (0: no normalisation). */
  weightSum: number;
  excToInh: number;
  inhToExc: number;
}

export const diehlCookDefaults: Readonly<DiehlCookOptions> = Object.freeze({
  excitatory: 100,
  dt: 0.5,
  presentMs: 350,
  restMs: 150,
  intensity: 2,
  minSpikes: 5,
  maxRepeats: 10,
  thetaPlus: 0.05,
  tauTheta: 1e7,
  theta0: 20,
  minInterval: 0,
  weightSum: 78,
  excToInh: 10.4,
  inhToExc: 17,
});

/** The STDP options of Diehl & Cook's rule for rules/triplet-stdp.ts. */
export const diehlCookStdp = Object.freeze({
  tauPlus: 20, tauMinus: 20, tauY: 40, tauX: 101, a2Plus: 0, a3Plus: 0.01, a2Minus: 1e-4, a3Minus: 0, wMin: 0, wMax: 1, pairing: 'nearest',
});

/** The paper's v_thresh_e − offset: −52 − 20 mV; with θ = θ0 = 20 mV the initial threshold is −52 mV. */
const EXCITATORY_THRESHOLD_AT_ZERO_THETA = -72;
const INHIBITORY = { tauM: 10, tauE: 1, tauI: 2, El: -60, Ee: 0, Ei: -85, I: 0, Vt: -40, Vr: -45, tRef: 2 };

export class DiehlCookNetwork {
  readonly net = new Network();
  readonly sim: ClockSimulator;
  readonly input: Population;
  readonly excitatory: Population;
  readonly inhibitory: Population;
  /** The plastic input → excitatory synapses (weights by presynaptic pixel, CSR). */
  readonly feedforward: SynapseGroup;
  readonly counter: SpikeCountMonitor;
  private readonly learner?: TimeSteppedLearner;
  private readonly rates: Float64Array;
  private readonly columnSum: Float64Array;

  /**
   * `stdp` makes the input weights plastic (training); without it the network is frozen (evaluation:
   * pass thetaPlus 0 and tauTheta Infinity too, and copy trained weights and thresholds in with load()).
   */
  constructor(readonly options: DiehlCookOptions, inputs: number, streams: RandomStreams, stdp?: { rule: TimeSteppedRule<any>; options: object }) {
    const o = options;
    if (!(Number.isInteger(o.excitatory) && o.excitatory > 0)) throw new RangeError(`Diehl & Cook: excitatory must be a positive integer, got ${o.excitatory}`);
    const net = this.net;
    this.input = net.addPopulation('input', inputs, { kind: 'poisson', rate: 0 });
    // θ held fixed: the largest finite time constant, for which the per-step factor e^{−dt/τθ} is exactly 1.
    const tauTheta = o.tauTheta === Infinity ? Number.MAX_VALUE : o.tauTheta;
    this.excitatory = net.addPopulation('excitatory', o.excitatory, { kind: 'spiking', model: 'lif-adaptive', params: { Vt: EXCITATORY_THRESHOLD_AT_ZERO_THETA, theta0: o.theta0, thetaPlus: o.thetaPlus, tauTheta, minInterval: o.minInterval } });
    this.inhibitory = net.addPopulation('inhibitory', o.excitatory, { kind: 'spiking', model: 'lif-cond', params: INHIBITORY });
    // The paper's (U + 0.01) · 0.3: uniform in [0.003, 0.303].
    this.feedforward = net.connectSpiking(this.input, this.excitatory, { name: 'input->excitatory', connectivity: { kind: 'all-to-all' }, weight: { kind: 'uniform', low: 0.003, high: 0.303 }, target: 'ge' }, streams);
    net.connectSpiking(this.excitatory, this.inhibitory, { connectivity: { kind: 'one-to-one' }, weight: o.excToInh, target: 'ge' }, streams);
    net.connectSpiking(this.inhibitory, this.excitatory, { connectivity: { kind: 'all-to-all', skipSameIndex: true }, weight: o.inhToExc, target: 'gi' }, streams);
    this.sim = new ClockSimulator(net, { dt: o.dt, streams });
    if (stdp) this.learner = attachRule(this.sim, stdp.rule, [this.feedforward], stdp.options);
    this.counter = this.sim.addMonitor(new SpikeCountMonitor(this.excitatory));
    this.rates = new Float64Array(inputs);
    this.columnSum = allocF64(o.excitatory);
  }

  /** Adaptive thresholds θ of the excitatory neurons (live array, mV). */
  get theta(): Float64Array {
    return this.sim.state(this.excitatory).theta;
  }

  /** Copies trained input weights and thresholds from another network of the same size. */
  load(from: DiehlCookNetwork): void {
    this.feedforward.weight.set(from.feedforward.weight);
    this.theta.set(from.theta);
  }

  /** Rescales each excitatory neuron's input weights to sum to weightSum. */
  normalise(): void {
    if (this.options.weightSum > 0) normaliseByPost(this.feedforward.weight, this.feedforward.postIndex, this.columnSum, this.options.weightSum);
  }

  /**
   * Shows one image (row `row` of `images`, values in [0, 1]) and returns the excitatory spike counts of the
   * last presentation (a live view, overwritten by the next call), after resting the network.
   */
  present(images: Matrix, row: number): Int32Array {
    const o = this.options, n = images.cols, x = images.data, rates = this.rates;
    if (this.learner && o.weightSum > 0) this.normalise();
    let intensity = o.intensity;
    for (let repeat = 0; ; repeat++) {
      const scale = (63.75 * intensity) / 2;
      for (let i = 0; i < n; i++) rates[i] = x[row * n + i] * scale;
      this.counter.reset();
      this.sim.setRates(this.input, rates);
      this.sim.run(o.presentMs);
      this.rest();
      if (this.counter.total >= o.minSpikes || repeat >= o.maxRepeats) break;
      intensity += 1;
    }
    return this.counter.counts;
  }

  /**
   * Resting state between images: no input, and a new trial of the simulator (voltages at rest, conductances,
   * refractoriness, the minimum-interval timer and the STDP traces cleared; weights and θ kept), over which θ
   * decays as it would have during restMs.
   */
  private rest(): void {
    this.sim.setRates(this.input, 0);
    this.sim.newTrial();
    const theta = this.theta, thetaDecay = exp(-this.options.restMs / this.options.tauTheta);
    if (thetaDecay !== 1) for (let j = 0; j < theta.length; j++) theta[j] *= thetaDecay;
  }
}

/**
 * Responses (excitatory spike counts, examples × neurons) of a frozen copy of `trained` (no STDP, θ fixed)
 * to the rows `rows` of `images`; the trained network itself is not changed.
 */
export function frozenResponses(trained: DiehlCookNetwork, images: Matrix, rows: ArrayLike<number>, streams: RandomStreams, onProgress?: (done: number) => void): Float64Array {
  // The paper's test mode: no plasticity, and thresholds neither grow nor decay, so that every image (the
  // labelling ones and the test ones) meets the same network.
  const frozen = new DiehlCookNetwork({ ...trained.options, thetaPlus: 0, tauTheta: Infinity }, images.cols, streams);
  frozen.load(trained);
  const n = trained.options.excitatory;
  const out = new Float64Array(rows.length * n);
  for (let r = 0; r < rows.length; r++) {
    const counts = frozen.present(images, rows[r]);
    for (let j = 0; j < n; j++) out[r * n + j] = counts[j];
    if (onProgress && (r + 1) % 1000 === 0) onProgress(r + 1);
  }
  return out;
}

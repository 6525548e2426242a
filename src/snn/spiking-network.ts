import { allocF64 } from '../kernels/backend.js';
import { exp } from '../kernels/math.js';
import { Matrix } from '../kernels/matrix.js';
import type { RandomStreams } from '../random/streams.js';
import { type SpikeFunction, type SpikeFunctionSpec, validateSpikeFunction } from './spike-function.js';

/**
 * A spiking network trained through time: input spikes → one hidden layer of LIF or adaptive-threshold
 * LIF neurons (ALIF), feed-forward or recurrent → a leaky, non-spiking readout. Discrete time, step dt, in the
 * form of Bellec et al. 2020 (Nat. Commun. 11:3625, Methods), with z⁰ = v⁰ = a⁰ = y⁰ = 0:
 *   v^t = α v^{t−1} + x^t W_in + z^{t−1} W_rec − ϑ z^{t−1}        membrane, reset by subtraction
 *   a^t = ρ a^{t−1} + z^{t−1},  A^t = ϑ + β a^t                     adaptive threshold (β = 0: LIF)
 *   z^t = H((v^t − A^t)/ϑ)                                           spikes (spike-function.ts)
 *   y^t = κ y^{t−1} + z^t W_out + b_out                              leaky readout
 * with α = exp(−dt/τ_mem), ρ = exp(−dt/τ_adapt), κ = exp(−dt/τ_out). Weights are pre × post (x W), as in the
 * rate networks; W_rec has no self-connections (its diagonal stays 0), as in Bellec et al.
 *
 * One hidden layer: e-prop's learning signals reach one layer of neurons from the readout (Bellec et al.), and
 * the comparisons use one.
 */
export interface SpikingLayerSpec {
  /** Neurons in the hidden layer. */
  size: number;
  /** 'lif', or 'alif' (adaptive threshold: the memory the evidence-accumulation task needs). */
  neuron: 'lif' | 'alif';
  /** Whether the layer has recurrent weights W_rec. */
  recurrent: boolean;
  /** Membrane time constant, ms. */
  tauMem?: number;
  /** Threshold adaptation time constant, ms (ALIF). */
  tauAdapt?: number;
  /** β: threshold increase per unit of adaptation a (ALIF). */
  adaptation?: number;
  /** ϑ: the baseline threshold. */
  threshold?: number;
}

export interface SpikingNetworkSpec {
  inputSize: number;
  outputSize: number;
  hidden: SpikingLayerSpec;
  /** Time step, ms. */
  dt?: number;
  /** Readout time constant, ms. */
  readoutTau?: number;
  /** The spike function and its surrogate derivative. */
  spike?: SpikeFunctionSpec;
  /** Initial weights are N(0, gain²/fan-in) (Bellec et al.'s N(0, 1/fan-in) at gain 1): one gain per weight matrix. */
  inputGain?: number;
  recurrentGain?: number;
  readoutGain?: number;
}

export const SPIKING_DEFAULTS = {
  dt: 1,
  readoutTau: 20,
  tauMem: 20,
  tauAdapt: 200,
  adaptation: 1.8,
  threshold: 1,
  inputGain: 1,
  recurrentGain: 1,
  readoutGain: 1,
  spike: { kind: 'heaviside', surrogate: 'triangle' } as SpikeFunctionSpec,
} as const;

/** Arrays larger than this many elements are refused with the memory they would need (heap arrays are ≤ 2 GiB). */
const MAX_ELEMENTS = 2 ** 28;

export class SpikingNetwork {
  readonly inputSize: number;
  readonly size: number;
  readonly outputSize: number;
  readonly recurrent: boolean;
  readonly adaptive: boolean;
  readonly alpha: number;
  readonly rho: number;
  readonly kappa: number;
  readonly threshold: number;
  /** β, 0 for LIF. */
  readonly beta: number;
  readonly spike: SpikeFunction;
  readonly win: Matrix;
  readonly wrec: Matrix | null;
  readonly wout: Matrix;
  readonly bout: Float64Array;
  readonly spec: Readonly<SpikingNetworkSpec>;

  constructor(spec: SpikingNetworkSpec) {
    const s = validateSpikingNetwork(spec);
    this.spec = s;
    const h = s.hidden, dt = s.dt!;
    this.inputSize = s.inputSize;
    this.size = h.size;
    this.outputSize = s.outputSize;
    this.recurrent = h.recurrent;
    this.adaptive = h.neuron === 'alif';
    this.alpha = exp(-dt / h.tauMem!);
    this.rho = exp(-dt / h.tauAdapt!);
    this.kappa = exp(-dt / s.readoutTau!);
    this.threshold = h.threshold!;
    this.beta = this.adaptive ? h.adaptation! : 0;
    this.spike = validateSpikeFunction(s.spike, 'network.spike');
    this.win = new Matrix(s.inputSize, h.size, allocF64(s.inputSize * h.size));
    this.wrec = h.recurrent ? new Matrix(h.size, h.size, allocF64(h.size * h.size)) : null;
    this.wout = new Matrix(h.size, s.outputSize, allocF64(h.size * s.outputSize));
    this.bout = allocF64(s.outputSize);
  }

  /** Draws every weight from its own stream (snn/input, snn/recurrent, snn/readout); biases start at 0. */
  initialise(streams: RandomStreams): this {
    const s = this.spec;
    const draw = (m: Matrix, name: string, gain: number) => {
      const r = streams.stream(`snn/${name}`), std = gain / Math.sqrt(m.rows);
      for (let i = 0; i < m.data.length; i++) m.data[i] = r.normal(0, std);
    };
    draw(this.win, 'input', s.inputGain!);
    if (this.wrec) {
      draw(this.wrec, 'recurrent', s.recurrentGain!);
      for (let j = 0; j < this.size; j++) this.wrec.data[j * this.size + j] = 0;
    }
    draw(this.wout, 'readout', s.readoutGain!);
    this.bout.fill(0);
    return this;
  }

  /** The parameters in a fixed order, for optimisers, hashes and gradients of the same shapes. */
  parameters(): { name: string; data: Float64Array; decay: boolean }[] {
    const out = [{ name: 'input', data: this.win.data, decay: true }];
    if (this.wrec) out.push({ name: 'recurrent', data: this.wrec.data, decay: true });
    out.push({ name: 'readout', data: this.wout.data, decay: true }, { name: 'readout bias', data: this.bout, decay: false });
    return out;
  }
}

/** Update directions shaped like a network's parameters. */
export class SpikingGradients {
  readonly win: Matrix;
  readonly wrec: Matrix | null;
  readonly wout: Matrix;
  readonly bout: Float64Array;
  constructor(net: SpikingNetwork) {
    this.win = new Matrix(net.win.rows, net.win.cols, allocF64(net.win.data.length));
    this.wrec = net.wrec ? new Matrix(net.size, net.size, allocF64(net.size * net.size)) : null;
    this.wout = new Matrix(net.wout.rows, net.wout.cols, allocF64(net.wout.data.length));
    this.bout = allocF64(net.outputSize);
  }
  zero(): void {
    this.win.data.fill(0);
    this.wrec?.data.fill(0);
    this.wout.data.fill(0);
    this.bout.fill(0);
  }
  /** The arrays in the order of SpikingNetwork.parameters(). */
  arrays(): Float64Array[] {
    return [this.win.data, ...(this.wrec ? [this.wrec.data] : []), this.wout.data, this.bout];
  }
}

/** A spec with every default filled in; a bad field is named with what was expected. */
export function validateSpikingNetwork(spec: SpikingNetworkSpec, where = 'network'): SpikingNetworkSpec {
  const s = spec as unknown as Record<string, unknown>;
  if (!s || typeof s !== 'object') throw new Error(`${where}: expected an object {inputSize, outputSize, hidden: {size, neuron, recurrent}}, got ${JSON.stringify(spec)}`);
  const known = ['inputSize', 'outputSize', 'hidden', 'dt', 'readoutTau', 'spike', 'inputGain', 'recurrentGain', 'readoutGain'];
  for (const k of Object.keys(s)) if (!known.includes(k)) throw new Error(`${where}: unknown field "${k}"; valid fields are ${known.join(', ')}`);
  const count = (v: unknown, field: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${field}: expected a whole number >= 1, got ${JSON.stringify(v)}`);
    return v;
  };
  const positive = (v: unknown, fallback: number, field: string): number => {
    const x = v ?? fallback;
    if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0) throw new Error(`${field}: expected a finite number > 0, got ${JSON.stringify(v)}`);
    return x;
  };
  const h = s.hidden as Record<string, unknown> | undefined;
  if (!h || typeof h !== 'object') throw new Error(`${where}.hidden: expected {size, neuron: 'lif' | 'alif', recurrent: true | false}, got ${JSON.stringify(s.hidden)}`);
  const hiddenKnown = ['size', 'neuron', 'recurrent', 'tauMem', 'tauAdapt', 'adaptation', 'threshold'];
  for (const k of Object.keys(h)) if (!hiddenKnown.includes(k)) throw new Error(`${where}.hidden: unknown field "${k}"; valid fields are ${hiddenKnown.join(', ')}`);
  if (h.neuron !== 'lif' && h.neuron !== 'alif') throw new Error(`${where}.hidden.neuron: expected "lif" or "alif", got ${JSON.stringify(h.neuron)}`);
  if (typeof h.recurrent !== 'boolean') throw new Error(`${where}.hidden.recurrent: expected true or false, got ${JSON.stringify(h.recurrent)}`);
  const inputSize = count(s.inputSize, `${where}.inputSize`), outputSize = count(s.outputSize, `${where}.outputSize`), size = count(h.size, `${where}.hidden.size`);
  const adaptation = h.adaptation ?? SPIKING_DEFAULTS.adaptation;
  if (typeof adaptation !== 'number' || !Number.isFinite(adaptation) || adaptation < 0) throw new Error(`${where}.hidden.adaptation: expected a finite number >= 0, got ${JSON.stringify(h.adaptation)}`);
  const matrices: [string, number, number][] = [['input', inputSize, size], ['readout', size, outputSize]];
  if (h.recurrent) matrices.push(['recurrent', size, size]);
  for (const [name, rows, cols] of matrices) {
    const n = rows * cols;
    if (n > MAX_ELEMENTS) throw new Error(`${where}: ${size.toLocaleString('en')} hidden neurons need a ${rows.toLocaleString('en')} × ${cols.toLocaleString('en')} ${name} weight matrix (${n.toLocaleString('en')} elements, ${((n * 8) / 2 ** 30).toFixed(1)} GiB); the kernel heap holds arrays up to ${MAX_ELEMENTS.toLocaleString('en')} elements`);
  }
  validateSpikeFunction(s.spike ?? SPIKING_DEFAULTS.spike, `${where}.spike`);
  return {
    inputSize,
    outputSize,
    hidden: {
      size,
      neuron: h.neuron,
      recurrent: h.recurrent,
      tauMem: positive(h.tauMem, SPIKING_DEFAULTS.tauMem, `${where}.hidden.tauMem`),
      tauAdapt: positive(h.tauAdapt, SPIKING_DEFAULTS.tauAdapt, `${where}.hidden.tauAdapt`),
      adaptation,
      threshold: positive(h.threshold, SPIKING_DEFAULTS.threshold, `${where}.hidden.threshold`),
    },
    dt: positive(s.dt, SPIKING_DEFAULTS.dt, `${where}.dt`),
    readoutTau: positive(s.readoutTau, SPIKING_DEFAULTS.readoutTau, `${where}.readoutTau`),
    spike: (s.spike as SpikeFunctionSpec | undefined) ?? SPIKING_DEFAULTS.spike,
    inputGain: positive(s.inputGain, SPIKING_DEFAULTS.inputGain, `${where}.inputGain`),
    recurrentGain: positive(s.recurrentGain, SPIKING_DEFAULTS.recurrentGain, `${where}.recurrentGain`),
    readoutGain: positive(s.readoutGain, SPIKING_DEFAULTS.readoutGain, `${where}.readoutGain`),
  };
}

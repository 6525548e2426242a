import type { Network } from '../graph/network.js';
import type { Population } from '../graph/population.js';
import type { SynapseGroup } from '../graph/synapses.js';
import type { PreparedModel, SpikingState } from '../neurons/spiking/model.js';
import { getSpikingModel } from '../neurons/spiking/registry.js';
import type { RandomStreams } from '../random/streams.js';
import type { Monitor, StepView } from './monitors.js';
import { PoissonSource, type SpikeSource, SpikeGeneratorSource } from './sources.js';
import { allocF64, allocI32, allocU8 } from '../kernels/backend.js';
import { HeapKernels } from '../kernels/heap-kernels.js';

/**
 * What happens in one time step, in this order (t → t + dt). A spike reported in this step is stamped t,
 * the start of the step (src/sim/spike-time.ts).
 */
export const UPDATE_ORDER = [
  { phase: 'sources', does: 'Poisson and spike-generator populations emit their spikes for [t, t + dt)' },
  { phase: 'neurons', does: 'each spiking population integrates its state from t to t + dt, then applies threshold, reset and refractoriness' },
  { phase: 'propagate', does: 'every spike of this step is added to its synapses\' delay ring buffers, at slot (step + round(delay / dt))' },
  { phase: 'deliver', does: 'this step\'s ring-buffer slot is added to the target state variables and cleared, so a spike with delay 0 acts from the next step on (as in Brian2), and delay d one d later' },
  { phase: 'plasticity', does: 'hooks of time-stepped learning rules (pre- and post-spike updates, trace decay)' },
  { phase: 'monitors', does: 'spike, state and rate monitors record the end-of-step state' },
] as const;

/**
 * What the two ways back to a starting point restore. `reset()` starts the whole run again, as if the
 * simulator were new; `newTrial()` starts the next trial of the same run — another stimulus for the same,
 * partly trained network — without losing what it learned.
 */
export const RESET_SEMANTICS = [
  { part: 'clock', reset: 'back to step 0 (t = 0)', newTrial: 'keeps running: a trial is the next stretch of one timeline' },
  { part: 'neuron state', reset: 'every variable as before the first step (initialise() values included)', newTrial: 'the same, except the models\' persistent variables (e.g. lif-adaptive\'s θ), which keep their values' },
  { part: 'delay buffers', reset: 'emptied (spikes in flight are dropped)', newTrial: 'emptied' },
  { part: 'this step\'s spikes', reset: 'none', newTrial: 'none' },
  { part: 'synaptic weights', reset: 'as built (initialWeight)', newTrial: 'kept (what the plasticity hooks learned)' },
  { part: 'plasticity hooks', reset: 'reset(): traces and modulators cleared', newTrial: 'reset(): traces and modulators cleared' },
  { part: 'sources', reset: 'restarted at time 0 (Poisson streams continue, so fresh spike trains)', newTrial: 'continue with the clock (set the trial\'s rates with setRates; spike generators keep their absolute schedule)' },
  { part: 'monitors', reset: 'reset(): everything recorded is forgotten', newTrial: 'untouched: they keep recording on the one timeline (reset one yourself to record a single trial)' },
] as const;

/** Something that runs once per step in the plasticity phase (time-stepped learning rules). */
export interface StepHook {
  step(sim: ClockSimulator): void;
  reset?(): void;
}

/** Initial value of a state variable: a constant, or drawn per neuron (uniform or normal). */
export type InitialValue = number | { kind: 'uniform'; low: number; high: number } | { kind: 'normal'; mean: number; std: number };

interface PopulationRuntime {
  pop: Population;
  spikes: Int32Array;
  count: number;
  /** The object spikesOf() returns, updated in place each step (no allocation per call). */
  view: { indices: Int32Array; count: number };
  model?: PreparedModel;
  state?: SpikingState;
  /** Names of the model's persistent variables, which newTrial() keeps. */
  persistent: ReadonlySet<string>;
  source?: SpikeSource;
}

/** Delay ring buffer of one (postsynaptic population, target variable) pair. */
interface DelayBuffer {
  post: Population;
  target: Float64Array;
  slots: number;
  data: Float64Array;
  /** Whether anything was written into each slot, so delivery skips empty slots without sweeping them. */
  dirty: Uint8Array;
  /** Byte offsets of target and data for the WebAssembly delivery when both are in the heap (see GroupRuntime.at). */
  at: { target: number; data: number } | null;
}

interface GroupRuntime {
  group: SynapseGroup;
  buffer: DelayBuffer;
  delaySteps: Int32Array;
  /** Delay in steps when every synapse has the same one (the common case), else −1. */
  uniformDelay: number;
  /**
   * Byte offsets of the arrays the WebAssembly kernels read and write in place, when every one of them is in
   * the heap (else null: the JavaScript loops run). Read once, when the simulator is built: the arrays never
   * change after that, and a typed array's byteOffset getter is not free (src/kernels/heap-kernels.ts).
   */
  at: { spikes: number; rowStart: number; postIndex: number; weight: number; delaySteps: number; target: number; data: number; dirty: number } | null;
}

export interface ClockOptions {
  /** Time step in ms (default 0.1). */
  dt?: number;
  /** The run's streams: Poisson sources draw from "poisson/<population>", initial values from "init/<population>/<variable>". */
  streams: RandomStreams;
}

/**
 * Clock-driven simulation of the spiking part of a network (fixed dt), following UPDATE_ORDER.
 * Everything is allocated in the constructor; a step allocates nothing.
 */
export class ClockSimulator implements StepView {
  readonly net: Network;
  readonly dt: number;
  step = 0;
  private readonly pops = new Map<Population, PopulationRuntime>();
  private readonly runtimes: PopulationRuntime[] = [];
  private readonly groups: GroupRuntime[] = [];
  private readonly buffers: DelayBuffer[] = [];
  private readonly monitors: Monitor[] = [];
  private readonly hooks: StepHook[] = [];
  private snapshot: Map<Population, SpikingState> | null = null;
  /** Propagation and delivery run in the WebAssembly module when this is set (src/kernels/wasm/assembly/synapses.ts). */
  private readonly fast = HeapKernels.get();

  constructor(net: Network, options: ClockOptions) {
    this.net = net;
    this.dt = options.dt ?? 0.1;
    if (!(this.dt > 0)) throw new RangeError(`clock simulator: dt must be > 0 ms, got ${this.dt}`);
    this.streams = options.streams;
    for (const pop of net.populations) {
      if (!pop.isSpiking) continue;
      const spikes = allocI32(pop.size);
      const m = pop.model;
      const model = m.kind === 'spiking' ? getSpikingModel(m.model) : undefined;
      const rt: PopulationRuntime = { pop, spikes, count: 0, view: { indices: spikes, count: 0 }, persistent: new Set(model?.persistentVariables ?? []) };
      if (m.kind === 'spiking' && model) {
        const params = { ...model.defaults, ...m.params };
        for (const k of Object.keys(m.params ?? {})) {
          if (!(k in model.defaults)) throw new Error(`population "${pop.name}": model "${m.model}" has no parameter "${k}"; its parameters are ${Object.keys(model.defaults).join(', ')}`);
        }
        rt.model = model.prepare(params, this.dt);
        rt.state = rt.model.createState(pop.size);
      } else if (m.kind === 'poisson') {
        rt.source = new PoissonSource(pop.size, m.rate, options.streams.stream(`poisson/${pop.name}`));
      } else if (m.kind === 'spike-generator') {
        rt.source = new SpikeGeneratorSource(pop.size, m.indices, m.times);
      }
      this.pops.set(pop, rt);
      this.runtimes.push(rt);
    }
    if (this.runtimes.length === 0) throw new Error('clock simulator: the network has no spiking populations or spike sources');
    for (const group of net.synapses) this.groups.push(this.prepareGroup(group));
    this.bindKernels();
  }

  /** Where the WebAssembly kernels will run (GroupRuntime.at, DelayBuffer.at), once every buffer has its final size. */
  private bindKernels(): void {
    const f = this.fast;
    if (!f) return;
    for (const b of this.buffers) if (f.holds(b.target) && f.holds(b.data)) b.at = { target: b.target.byteOffset, data: b.data.byteOffset };
    for (const g of this.groups) {
      const { rowStart, postIndex, weight } = g.group, b = g.buffer, spikes = this.pops.get(g.group.pre)!.spikes;
      if (!(b.at && f.holds4(rowStart, postIndex, weight, g.delaySteps) && f.holds(b.dirty) && f.holds(spikes))) continue;
      g.at = { spikes: spikes.byteOffset, rowStart: rowStart.byteOffset, postIndex: postIndex.byteOffset, weight: weight.byteOffset, delaySteps: g.delaySteps.byteOffset, target: b.at.target, data: b.at.data, dirty: b.dirty.byteOffset };
    }
  }

  /**
   * The run's streams, as handed to the constructor (read-only: the simulator draws "poisson/<population>" and
   * "init/<population>/<variable>" from them; attachRule forks "rule/<name>" from them by default).
   */
  readonly streams: RandomStreams;

  private prepareGroup(group: SynapseGroup): GroupRuntime {
    const post = this.pops.get(group.post)!;
    const target = post.state?.[group.target];
    if (!target) {
      throw new Error(`synapses "${group.name}": target "${group.target}" is not a state variable of "${group.post.name}"; it has ${Object.keys(post.state ?? {}).join(', ')}`);
    }
    const delaySteps = allocI32(group.count);
    let maxDelay = 0;
    for (let k = 0; k < group.count; k++) {
      delaySteps[k] = Math.round(group.delay[k] / this.dt);
      if (delaySteps[k] > maxDelay) maxDelay = delaySteps[k];
    }
    const uniformDelay = group.count > 0 && delaySteps.every((d) => d === delaySteps[0]) ? delaySteps[0] : -1;
    let buffer = this.buffers.find((b) => b.post === group.post && b.target === target);
    if (!buffer) {
      buffer = { post: group.post, target, slots: 0, data: new Float64Array(0), dirty: new Uint8Array(0), at: null };
      this.buffers.push(buffer);
    }
    if (maxDelay + 1 > buffer.slots) {
      buffer.slots = maxDelay + 1;
      buffer.data = allocF64(buffer.slots * group.post.size);
      buffer.dirty = allocU8(buffer.slots);
    }
    return { group, buffer, delaySteps, uniformDelay, at: null };
  }

  /** Current time in ms (the start of the next step). */
  get t(): number {
    return this.step * this.dt;
  }

  population(name: string): Population {
    return this.net.population(name);
  }

  /** State variables of a spiking population (live arrays: writing them changes the simulation). */
  state(pop: Population | string): SpikingState {
    const p = typeof pop === 'string' ? this.net.population(pop) : pop;
    const s = this.pops.get(p)?.state;
    if (!s) throw new Error(`clock simulator: "${p.name}" has no state variables (it is ${p.model.kind})`);
    return s;
  }

  /** Sets a state variable's initial value, drawing per neuron from "init/<population>/<variable>"; reset() restores it. */
  initialise(pop: Population | string, variable: string, value: InitialValue): this {
    const p = typeof pop === 'string' ? this.net.population(pop) : pop;
    const arr = this.state(p)[variable];
    if (!arr) throw new Error(`clock simulator: "${p.name}" has no variable "${variable}"; it has ${Object.keys(this.state(p)).join(', ')}`);
    if (this.step > 0) throw new Error('clock simulator: initialise() must be called before the first step (use reset() first)');
    if (typeof value === 'number') arr.fill(value);
    else if (value.kind === 'uniform') this.streams.stream(`init/${p.name}/${variable}`).fillUniform(arr, value.low, value.high);
    else this.streams.stream(`init/${p.name}/${variable}`).fillNormal(arr, value.mean, value.std);
    // After a reset() the starting state was already saved: the new value becomes part of it.
    this.snapshot?.get(p)?.[variable].set(arr);
    return this;
  }

  /** Changes the rates (Hz) of a Poisson population from now on. */
  setRates(pop: Population | string, rates: number | ArrayLike<number>): void {
    const p = typeof pop === 'string' ? this.net.population(pop) : pop;
    const src = this.pops.get(p)?.source;
    if (!(src instanceof PoissonSource)) throw new Error(`clock simulator: "${p.name}" is not a Poisson population`);
    src.setRates(rates);
  }

  addMonitor<M extends Monitor>(m: M): M {
    if (!this.pops.has(m.population)) throw new Error(`monitor: "${m.population.name}" is not simulated by this clock simulator`);
    this.monitors.push(m);
    return m;
  }

  /** Runs `h` in every step's plasticity phase; reset() and newTrial() call its reset(). Time-stepped rules are attached with attachRule (src/learning/attach-rule.ts), which calls this. */
  addHook(h: StepHook): void {
    this.hooks.push(h);
  }

  /** This step's spikes of a population: a live view, valid until the next step (do not keep it). */
  spikesOf(pop: Population): { readonly indices: Int32Array; readonly count: number } {
    const rt = this.pops.get(pop);
    if (!rt) throw new Error(`clock simulator: "${pop.name}" is not a spiking population`);
    return rt.view;
  }

  stateOf(pop: Population): SpikingState | undefined {
    return this.pops.get(pop)?.state;
  }

  /** Runs for `durationMs` (rounded to whole steps). */
  run(durationMs: number): void {
    const steps = Math.round(durationMs / this.dt);
    if (!(steps >= 0)) throw new RangeError(`clock simulator: duration must be >= 0 ms, got ${durationMs}`);
    for (let s = 0; s < steps; s++) this.advance();
  }

  /** One step of UPDATE_ORDER. */
  advance(): void {
    if (this.step === 0 && !this.snapshot) this.takeSnapshot();
    const t = this.t, dt = this.dt, fast = this.fast;
    // sources and neurons
    for (const rt of this.runtimes) {
      rt.count = rt.source ? rt.source.step(t, dt, rt.spikes) : rt.model!.step(rt.state!, rt.pop.size, t, rt.spikes);
      rt.view.count = rt.count;
    }
    // propagate
    for (const g of this.groups) this.propagate(g);
    // deliver
    for (const b of this.buffers) {
      const slot = this.step % b.slots;
      if (!b.dirty[slot]) continue;
      b.dirty[slot] = 0;
      const n = b.post.size, off = slot * n, data = b.data, target = b.target;
      if (fast && b.at) {
        fast.kernels.deliver(b.at.target, b.at.data + 8 * off, n);
        continue;
      }
      for (let j = 0; j < n; j++) {
        target[j] += data[off + j];
        data[off + j] = 0;
      }
    }
    // plasticity
    for (const h of this.hooks) h.step(this);
    // monitors
    for (const m of this.monitors) m.record(this);
    this.step++;
  }

  private propagate(g: GroupRuntime): void {
    const pre = this.pops.get(g.group.pre)!;
    if (pre.count === 0) return;
    const { rowStart, postIndex, weight } = g.group;
    const n = g.group.post.size, slots = g.buffer.slots, spikes = pre.spikes;
    const fast = this.fast, at = g.at;
    if (fast && at) {
      // The same loops in the WebAssembly module (src/kernels/wasm/assembly/synapses.ts); below, the JavaScript reference.
      const k = fast.kernels;
      if (g.uniformDelay === 0) k.propagate(at.spikes, pre.count, at.rowStart, at.postIndex, at.weight, at.target);
      else if (g.uniformDelay > 0) {
        const slot = (this.step + g.uniformDelay) % slots;
        g.buffer.dirty[slot] = 1;
        k.propagate(at.spikes, pre.count, at.rowStart, at.postIndex, at.weight, at.data + 8 * slot * n);
      } else k.propagateDelayed(at.spikes, pre.count, at.rowStart, at.postIndex, at.weight, at.delaySteps, at.data, at.dirty, this.step % slots, slots, n);
      return;
    }
    if (g.uniformDelay === 0) {
      // Delivered at the end of this very step: add straight into the target, no buffer round trip.
      const target = g.buffer.target;
      for (let s = 0; s < pre.count; s++) {
        const i = spikes[s];
        for (let k = rowStart[i], end = rowStart[i + 1]; k < end; k++) target[postIndex[k]] += weight[k];
      }
      return;
    }
    const data = g.buffer.data, dirty = g.buffer.dirty;
    if (g.uniformDelay > 0) {
      const slot = (this.step + g.uniformDelay) % slots, off = slot * n;
      dirty[slot] = 1;
      for (let s = 0; s < pre.count; s++) {
        const i = spikes[s];
        for (let k = rowStart[i], end = rowStart[i + 1]; k < end; k++) data[off + postIndex[k]] += weight[k];
      }
      return;
    }
    const d = g.delaySteps;
    for (let s = 0; s < pre.count; s++) {
      const i = spikes[s];
      for (let k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
        const slot = (this.step + d[k]) % slots;
        dirty[slot] = 1;
        data[slot * n + postIndex[k]] += weight[k];
      }
    }
  }

  private takeSnapshot(): void {
    this.snapshot = new Map();
    for (const rt of this.runtimes) {
      if (!rt.state) continue;
      const copy: SpikingState = {};
      for (const [k, v] of Object.entries(rt.state)) copy[k] = v.slice();
      this.snapshot.set(rt.pop, copy);
    }
  }

  /**
   * Back to time 0 (see RESET_SEMANTICS): every population's state as it was before the first step (including
   * initialise() values), empty delay buffers, synaptic weights as built, sources restarted, monitors and
   * hooks reset. Random streams continue, so Poisson sources draw fresh spike trains.
   */
  reset(): void {
    this.restoreStates(false);
    this.clearBuffers();
    for (const rt of this.runtimes) rt.source?.reset();
    for (const g of this.groups) g.group.weight.set(g.group.initialWeight);
    for (const m of this.monitors) m.reset();
    for (const h of this.hooks) h.reset?.();
    this.step = 0;
  }

  /**
   * Starts a new trial of the same run (see RESET_SEMANTICS): the network forgets its momentary activity but
   * keeps what it learned. Every state variable goes back to its value before the first step, except the
   * models' persistent ones (SpikingModel.persistentVariables, e.g. an adaptive threshold); delay buffers are
   * emptied; hooks are reset (STDP traces cleared); the weights are kept. The clock keeps running and sources
   * and monitors are untouched, so the next trial's input is whatever the caller sets (setRates) and monitors
   * record every trial on one timeline. The state after newTrial() is, bit for bit, that of a fresh simulator
   * of the same network and seed whose weights (and persistent variables) were set to the learned ones.
   */
  newTrial(): void {
    this.restoreStates(true);
    this.clearBuffers();
    for (const h of this.hooks) h.reset?.();
  }

  /** Every population's state back to its starting values (keeping persistent variables if asked); no spikes this step. */
  private restoreStates(keepPersistent: boolean): void {
    for (const rt of this.runtimes) {
      rt.count = 0;
      rt.view.count = 0;
      if (!rt.state) continue;
      const saved = this.snapshot?.get(rt.pop);
      if (saved) {
        for (const [k, v] of Object.entries(saved)) if (!(keepPersistent && rt.persistent.has(k))) rt.state[k].set(v);
      } else if (!keepPersistent) rt.model!.resetState(rt.state);
      // Not yet stepped and keeping persistent variables: the current state is the starting state.
    }
  }

  private clearBuffers(): void {
    for (const b of this.buffers) {
      b.data.fill(0);
      b.dirty.fill(0);
    }
  }
}

/**
 * The walk every trace-based spike-timing rule makes each step (rules/stdp.ts, triplet-stdp.ts,
 * reward-stdp.ts, power-law-stdp.ts), written once so that a rule file holds only what makes it that rule:
 * which traces it keeps and what one pre- or postsynaptic spike does to the synapses it touches.
 *
 * Per step and per plastic group, in this order (the timing conventions of rules/stdp.ts):
 *   1. every trace decays by its exact factor exp(−dt/τ) (SpikeTrace.decayStep);
 *   2. `beforeSpikes(g)` (e.g. decay of a per-synapse eligibility trace);
 *   3. for each presynaptic spike of neuron i: `onPreSpike(g, i, from, to)` for its synapses
 *      k = from … to − 1 of the CSR row (g.weight[k], target g.postOf[k]), then i's traces are bumped;
 *   4. for each postsynaptic spike of neuron j: `onPostSpike(g, j, from, to)` for the synapses arriving at j,
 *      q = from … to − 1 of the post index (synapse g.byPost.synapse[q] from neuron g.byPost.pre[q]), then j's
 *      traces are bumped. Presynaptic spikes come first, so a same-step pair counts as causal;
 *   5. `afterSpikes(g)` (e.g. a modulated weight update).
 * The walk also checks the simulator's dt against the one the decay factors were made for, resets every
 * trace and per-synapse variable (reset()), and finds a group's traces for a learner's `traces()` (group()).
 *
 * Why a callback per spike, with the row bounds: the per-synapse loop stays in the rule file, where a reader
 * sees the update, and it runs as a tight loop inside the callback with everything it touches in locals.
 * The walk calls it once per spike, not once per synapse, so even where V8 does not inline it (several rules
 * sharing this call site in one process) the call costs a few nanoseconds against a row of tens to thousands
 * of synapses; a per-synapse callback would pay that per synapse. Where V8 does inline it (one rule per
 * process, the usual case), the rule's constants become immediates, and the inner loop measured 42–46
 * machine instructions per synapse against 39–42 for the hand-written walks (Node 20, valgrind instruction
 * counts on a Diehl & Cook-shaped group); whole runs (Song 2000, Diehl & Cook training) stayed within noise
 * of the hand-written walks. One thing to keep in a callback: compute per-spike factors before the loop and
 * use them outside it too (e.g. triplet-stdp's `if (amp === 0) return`), or TurboFan may recompute them
 * inside the inlined loop.
 */
import type { SynapseGroup } from '../graph/synapses.js';
import type { ClockSimulator } from '../sim/clock.js';
import { SpikeTrace, buildPostIndex, checkSimulatorDt, type PostIndex } from './stdp-traces.js';

/** One plastic synapse group as a rule's updates see it. */
export interface StdpGroup<Pre extends string = string, Post extends string = string, Syn extends string = never> {
  readonly synapses: SynapseGroup;
  /** synapses.weight: w_k, stored by presynaptic neuron (CSR). */
  readonly weight: Float64Array;
  /** synapses.postIndex: the postsynaptic neuron of synapse k. */
  readonly postOf: Int32Array;
  /** The same synapses by postsynaptic neuron: synapse byPost.synapse[q], from neuron byPost.pre[q]. */
  readonly byPost: PostIndex;
  /** The traces of the presynaptic neurons, by the names the rule gave them. */
  readonly pre: Readonly<Record<Pre, SpikeTrace>>;
  /** The traces of the postsynaptic neurons. */
  readonly post: Readonly<Record<Post, SpikeTrace>>;
  /** Variables kept per synapse (indexed like `weight`), zeroed by reset(). */
  readonly perSynapse: Readonly<Record<Syn, Float64Array>>;
}

/** What a rule declares: its traces and what a spike does. Callbacks are plain functions (no `this`). */
export interface StdpWalkSpec<Pre extends string, Post extends string, Syn extends string> {
  /** Time constant, ms, of each trace every presynaptic neuron keeps, by name. */
  readonly preTraces: Readonly<Record<Pre, number>>;
  /** Time constant, ms, of each trace every postsynaptic neuron keeps. */
  readonly postTraces: Readonly<Record<Post, number>>;
  /** Names of variables kept per synapse (e.g. an eligibility trace). */
  readonly perSynapse?: readonly Syn[];
  /** Nearest-spike pairing: a spike sets its neuron's traces to 1 instead of adding 1 (see SpikeTrace). */
  readonly nearest?: boolean;
  /** After the traces decayed, before this step's spikes. */
  beforeSpikes?(g: StdpGroup<Pre, Post, Syn>): void;
  /** A spike of presynaptic neuron i, before its own traces are bumped; its synapses are k = from … to − 1. */
  onPreSpike?(g: StdpGroup<Pre, Post, Syn>, i: number, from: number, to: number): void;
  /** A spike of postsynaptic neuron j, after this step's presynaptic spikes and before j's traces are bumped; its synapses are byPost entries q = from … to − 1. */
  onPostSpike?(g: StdpGroup<Pre, Post, Syn>, j: number, from: number, to: number): void;
  /** After this step's spikes. */
  afterSpikes?(g: StdpGroup<Pre, Post, Syn>): void;
  /** reset(): whatever the rule keeps beyond traces and per-synapse variables (e.g. a modulator). */
  onReset?(): void;
}

interface GroupState<Pre extends string, Post extends string, Syn extends string> extends StdpGroup<Pre, Post, Syn> {
  /** The same traces as arrays, for the decay and bump loops. */
  readonly preList: SpikeTrace[];
  readonly postList: SpikeTrace[];
  readonly synList: Float64Array[];
}

function traces<K extends string>(taus: Readonly<Record<K, number>>, size: number, dt: number, nearest: boolean): { byName: Record<K, SpikeTrace>; list: SpikeTrace[] } {
  const byName = {} as Record<K, SpikeTrace>, list: SpikeTrace[] = [];
  for (const name of Object.keys(taus) as K[]) list.push((byName[name] = new SpikeTrace(size, taus[name], dt, nearest)));
  return { byName, list };
}

export class StdpWalk<Pre extends string, Post extends string, Syn extends string = never> {
  private readonly groups: GroupState<Pre, Post, Syn>[];

  constructor(readonly rule: string, synapses: readonly SynapseGroup[], readonly dt: number, private readonly spec: StdpWalkSpec<Pre, Post, Syn>) {
    const nearest = spec.nearest ?? false;
    this.groups = synapses.map((group) => {
      const pre = traces(spec.preTraces, group.pre.size, dt, nearest), post = traces(spec.postTraces, group.post.size, dt, nearest);
      const perSynapse = {} as Record<Syn, Float64Array>, synList: Float64Array[] = [];
      for (const name of spec.perSynapse ?? []) synList.push((perSynapse[name] = new Float64Array(group.count)));
      return { synapses: group, weight: group.weight, postOf: group.postIndex, byPost: buildPostIndex(group), pre: pre.byName, post: post.byName, perSynapse, preList: pre.list, postList: post.list, synList };
    });
  }

  /** One step of the walk (see the header); allocates nothing. */
  step(sim: ClockSimulator): void {
    checkSimulatorDt(this.rule, this.dt, sim);
    const { beforeSpikes, onPreSpike, onPostSpike, afterSpikes } = this.spec;
    for (const g of this.groups) {
      const preList = g.preList, postList = g.postList;
      for (let t = 0; t < preList.length; t++) preList[t].decayStep();
      for (let t = 0; t < postList.length; t++) postList[t].decayStep();
      if (beforeSpikes) beforeSpikes(g);

      const pre = sim.spikesOf(g.synapses.pre), rowStart = g.synapses.rowStart;
      for (let s = 0; s < pre.count; s++) {
        const i = pre.indices[s];
        if (onPreSpike) onPreSpike(g, i, rowStart[i], rowStart[i + 1]);
        for (let t = 0; t < preList.length; t++) preList[t].bump(i);
      }

      const post = sim.spikesOf(g.synapses.post), start = g.byPost.start;
      for (let s = 0; s < post.count; s++) {
        const j = post.indices[s];
        if (onPostSpike) onPostSpike(g, j, start[j], start[j + 1]);
        for (let t = 0; t < postList.length; t++) postList[t].bump(j);
      }
      if (afterSpikes) afterSpikes(g);
    }
  }

  /** Zeroes every trace and per-synapse variable, then calls the rule's onReset. */
  reset(): void {
    for (const g of this.groups) {
      for (const t of g.preList) t.reset();
      for (const t of g.postList) t.reset();
      for (const v of g.synList) v.fill(0);
    }
    this.spec.onReset?.();
  }

  /** The state of one of the rule's groups (for a learner's traces() lookup); a named error for any other group. */
  group(synapses: SynapseGroup): StdpGroup<Pre, Post, Syn> {
    const g = this.groups.find((s) => s.synapses === synapses);
    if (!g) throw new Error(`rule "${this.rule}": synapses "${synapses.name}" are not plastic under this learner`);
    return g;
  }
}

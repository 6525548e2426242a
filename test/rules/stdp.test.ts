import { describe, expect, it } from 'vitest';
import { Network } from '../../src/graph/network.js';
import type { SynapseGroup } from '../../src/graph/synapses.js';
import { resolveRuleOptions } from '../../src/learning/rule.js';
import { buildPostIndex } from '../../src/learning/stdp-traces.js';
import { attachRule } from '../../src/learning/attach-rule.js';
import type { TimeSteppedLearner, TimeSteppedRule } from '../../src/learning/time-stepped-rule.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ClockSimulator } from '../../src/sim/clock.js';
import { SpikeMonitor } from '../../src/sim/monitors.js';
import { rewardStdp } from '../../rules/reward-stdp.js';
import { powerLawStdp } from '../../rules/power-law-stdp.js';
import { stdp } from '../../rules/stdp.js';
import { tripletStdp } from '../../rules/triplet-stdp.js';
import { hashArrays } from '../../src/learning/hash.js';
import { mulberry32 } from '../support/mulberry32.js';

const DT = 0.1;

/**
 * Post neurons that fire exactly when told: a spike generator kicks each one through a one-to-one synapse so
 * strong (2e4 × 0.0022 ≈ 43 mV in one step) that v crosses threshold in the next step. τe = 0.05 ms makes
 * the kick vanish within a few steps (its remainder adds < 6 mV after the reset), so no refractory period is
 * needed (tRef = one step) and forced spikes may be one step apart. El = Vr = −70 mV keeps the plastic
 * synapses (≤ a few mV into the same fast ge) far from firing the neuron on their own. Monitors check it.
 */
const FORCED_LIF = { El: -70, Vr: -70, Vt: -50, tauE: 0.05, tRef: 0.1 };

interface PairingNet {
  net: Network;
  sim: ClockSimulator;
  streams: RandomStreams;
  plastic: SynapseGroup[];
  preMon: SpikeMonitor;
  postMon: SpikeMonitor;
}

/**
 * preSteps[i]: the steps in which pre neuron i fires; postSteps[j]: the steps in which post neuron j must fire
 * (≥ 1: the kick arrives one step after the generator fires). One plastic group per entry of `groups`.
 */
function pairingNet(preSteps: number[][], postSteps: number[][], groups: { name: string; connectivity: 'all-to-all' | 'one-to-one'; weight: number }[]): PairingNet {
  const streams = new RandomStreams(1);
  const net = new Network();
  const flat = (steps: number[][], shift: number) => {
    const indices: number[] = [], times: number[] = [];
    steps.forEach((list, i) => list.forEach((s) => { indices.push(i); times.push((s + shift) * DT); }));
    return { indices, times };
  };
  // Times in the middle of a step, so float rounding cannot move a spike to a neighbouring step.
  net.addPopulation('pre', preSteps.length, { kind: 'spike-generator', ...flat(preSteps, 0.5) });
  net.addPopulation('kick', postSteps.length, { kind: 'spike-generator', ...flat(postSteps, -0.5) });
  net.addPopulation('post', postSteps.length, { kind: 'spiking', model: 'lif', params: FORCED_LIF });
  net.connectSpiking('kick', 'post', { connectivity: { kind: 'one-to-one' }, weight: 2e4, target: 'ge' }, streams);
  const plastic = groups.map((g) => net.connectSpiking('pre', 'post', { name: g.name, connectivity: { kind: g.connectivity }, weight: g.weight, target: 'ge' }, streams));
  const sim = new ClockSimulator(net, { dt: DT, streams });
  sim.initialise('post', 'v', -70);
  const preMon = sim.addMonitor(new SpikeMonitor(net.population('pre')));
  const postMon = sim.addMonitor(new SpikeMonitor(net.population('post')));
  return { net, sim, streams, plastic, preMon, postMon };
}

/** attachRule with the simulator of a test network; a label when one rule is attached twice. */
function attach<O extends object, L extends TimeSteppedLearner>(rule: TimeSteppedRule<O, L>, p: { sim: ClockSimulator }, synapses: SynapseGroup[], options: Partial<NoInfer<O>> = {}, label?: string): L {
  return attachRule(p.sim, rule, synapses, options, { label });
}

/** Checks that the monitored spikes are exactly the scheduled ones. */
function expectTrains(mon: SpikeMonitor, steps: number[][]): void {
  expect(mon.trains().map((t) => Array.from(t))).toEqual(steps.map((list) => [...new Set(list)].sort((a, b) => a - b).map((s) => s * DT)));
}

/** Sorted distinct random steps in [lo, hi). */
function randomSteps(rand: () => number, n: number, lo: number, hi: number): number[] {
  const set = new Set<number>();
  while (set.size < n) set.add(lo + Math.floor(rand() * (hi - lo)));
  return [...set].sort((a, b) => a - b);
}

/** Σ over all (pre, post) pairs of the STDP window; `abs` is the sum of the terms' magnitudes (the rounding scale). */
function allToAllSum(pre: number[], post: number[], o: { aPlus: number; aMinus: number; tauPlus: number; tauMinus: number }) {
  let sum = 0, abs = 0;
  for (const ti of pre) {
    for (const tj of post) {
      const d = (tj - ti) * DT;
      const term = d >= 0 ? o.aPlus * Math.exp(-d / o.tauPlus) : -o.aMinus * Math.exp(d / o.tauMinus);
      sum += term;
      abs += Math.abs(term);
    }
  }
  return { sum, abs };
}

/** Nearest-spike pairing: each post spike with the latest pre spike at or before it, each pre spike with the latest post spike strictly before it. */
function nearestSum(pre: number[], post: number[], o: { aPlus: number; aMinus: number; tauPlus: number; tauMinus: number }) {
  let sum = 0, abs = 0;
  for (const tj of post) {
    const last = pre.filter((ti) => ti <= tj).pop();
    if (last === undefined) continue;
    const term = o.aPlus * Math.exp(-((tj - last) * DT) / o.tauPlus);
    sum += term;
    abs += term;
  }
  for (const ti of pre) {
    const last = post.filter((tj) => tj < ti).pop();
    if (last === undefined) continue;
    const term = o.aMinus * Math.exp(-((ti - last) * DT) / o.tauMinus);
    sum -= term;
    abs += term;
  }
  return { sum, abs };
}

describe('post-synaptic index', () => {
  it('lists every synapse once under its target, with its presynaptic neuron', () => {
    const streams = new RandomStreams(3);
    const net = new Network();
    net.addPopulation('a', 30, { kind: 'poisson', rate: 1 });
    net.addPopulation('b', 20, { kind: 'spiking', model: 'lif' });
    const g = net.connectSpiking('a', 'b', { connectivity: { kind: 'fixed-probability', p: 0.3 }, weight: 1, target: 'ge' }, streams);
    const idx = buildPostIndex(g);
    const seen = new Int32Array(g.count);
    for (let j = 0; j < 20; j++) {
      for (let q = idx.start[j]; q < idx.start[j + 1]; q++) {
        const k = idx.synapse[q];
        seen[k]++;
        expect(g.postIndex[k]).toBe(j);
        expect(k).toBeGreaterThanOrEqual(g.rowStart[idx.pre[q]]);
        expect(k).toBeLessThan(g.rowStart[idx.pre[q] + 1]);
      }
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    expect(Array.from(idx.start.subarray(1), (s, j) => s - idx.start[j])).toEqual(Array.from(g.inDegrees()));
  });
});

describe('pair STDP (rules/stdp.ts)', () => {
  const window = { aPlus: 0.01, aMinus: 0.0105, tauPlus: 20, tauMinus: 20 };

  // Hand-made trains over 300 ms: random spikes plus coincidences (same step), and pre/post one step apart.
  const rand = mulberry32(11);
  const preSteps = [randomSteps(rand, 12, 0, 3000), randomSteps(rand, 8, 0, 3000), [500, 1200, 1201, 2000]];
  const postSteps = [randomSteps(rand, 10, 1, 3000), [500, 1199, 1200, 2001, 2500]];
  postSteps[0] = [...new Set([...postSteps[0], preSteps[0][3], preSteps[1][5]])].sort((a, b) => a - b); // same-step pairs

  for (const pairing of ['all-to-all', 'nearest'] as const) {
    it(`the weight change equals the explicit sum over ${pairing} spike pairs (same-step pairs potentiate)`, () => {
      const p = pairingNet(preSteps, postSteps, [{ name: 'plastic', connectivity: 'all-to-all', weight: 0 }]);
      attach(stdp, p, p.plastic, { ...window, pairing, wMin: -100, wMax: 100 });
      p.sim.run(310);
      expectTrains(p.preMon, preSteps);
      expectTrains(p.postMon, postSteps);
      const g = p.plastic[0];
      let checked = 0;
      for (let i = 0; i < preSteps.length; i++) {
        for (let k = g.rowStart[i]; k < g.rowStart[i + 1]; k++) {
          const j = g.postIndex[k];
          const { sum, abs } = pairing === 'all-to-all' ? allToAllSum(preSteps[i], postSteps[j], window) : nearestSum(preSteps[i], postSteps[j], window);
          expect(sum).not.toBe(0);
          expect(Math.abs(g.weight[k] - sum)).toBeLessThanOrEqual(1e-12 * abs);
          checked++;
        }
      }
      expect(checked).toBe(6);
    });
  }

  it('a same-step pair counts once, as potentiation: Δw = A+ exactly', () => {
    const p = pairingNet([[100]], [[100]], [{ name: 'plastic', connectivity: 'one-to-one', weight: 0.5 }]);
    attach(stdp, p, p.plastic);
    p.sim.run(20);
    expectTrains(p.postMon, [[100]]);
    expect(p.plastic[0].weight[0]).toBe(0.5 + 0.01);
  });

  const randomRun = (weightDependence: 'additive' | 'multiplicative') => {
    // Song et al.'s setting in miniature: 100 Poisson inputs drive 4 LIF neurons through the plastic synapses.
    const streams = new RandomStreams(7);
    const net = new Network();
    net.addPopulation('in', 100, { kind: 'poisson', rate: 15 });
    net.addPopulation('out', 4, { kind: 'spiking', model: 'lif', params: { El: -60, Vr: -60, Vt: -50, tRef: 2 } });
    const syn = net.connectSpiking('in', 'out', { connectivity: { kind: 'all-to-all' }, weight: { kind: 'uniform', low: 0, high: 3 }, target: 'ge' }, streams);
    const sim = new ClockSimulator(net, { dt: DT, streams });
    const mon = sim.addMonitor(new SpikeMonitor(net.population('out')));
    attach(stdp, { sim }, [syn], { wMax: 3, aPlus: 0.1, aMinus: 0.11, weightDependence });
    const w0 = syn.weight.slice();
    sim.run(5000);
    expect(mon.count).toBeGreaterThan(200);
    return { w0, w: Array.from(syn.weight) };
  };

  it('hard bounds hold under a long random-spike run, and weights pile up at both bounds', () => {
    const { w0, w } = randomRun('additive');
    expect(w.every((v) => v >= 0 && v <= 3)).toBe(true);
    expect(w.filter((v) => v === 0).length).toBeGreaterThan(0);
    expect(w.filter((v) => v === 3).length).toBeGreaterThan(0);
    expect(w.filter((v, k) => v !== w0[k]).length).toBeGreaterThan(350);
  });

  it('soft bounds (multiplicative) keep weights strictly inside under the same run', () => {
    const { w0, w } = randomRun('multiplicative');
    expect(w.every((v) => v > 0 && v < 3)).toBe(true);
    expect(w.filter((v, k) => Math.abs(v - w0[k]) > 1e-3).length).toBeGreaterThan(350);
  });

  it('soft bounds: the step is proportional to the distance from the bound, so weights slow down as they approach it', () => {
    for (const direction of ['potentiation', 'depression'] as const) {
      // Ordered from far to near the bound the protocol drives them to.
      const w0 = direction === 'potentiation' ? [0.1, 0.5, 0.9, 0.99] : [0.9, 0.5, 0.1, 0.01];
      // 20 pairings 200 ms apart, post 5 ms after pre (or before, for depression); 4 synapses with identical spikes.
      const pairs = Array.from({ length: 20 }, (_, n) => 100 + 2000 * n);
      const pre = pairs.map((s) => (direction === 'potentiation' ? s : s + 50));
      const post = pairs.map((s) => (direction === 'potentiation' ? s + 50 : s));
      const p = pairingNet(w0.map(() => pre), [post], [{ name: 'plastic', connectivity: 'all-to-all', weight: 0.5 }]);
      const g = p.plastic[0];
      g.weight.set(w0);
      attach(stdp, p, p.plastic, { aPlus: 0.1, aMinus: 0.1, weightDependence: 'multiplicative' });
      const history: number[][] = [w0];
      for (let n = 0; n < 20; n++) {
        p.sim.run(200);
        history.push(Array.from(g.weight));
      }
      expectTrains(p.postMon, [post]);
      const distance = (w: number) => (direction === 'potentiation' ? 1 - w : w);
      // First pairing: Δw / distance is the same for every synapse (A± times the trace).
      const ratios = w0.map((w, k) => (history[1][k] - w) / distance(w));
      for (const r of ratios) expect(Math.abs(r - ratios[0]) / Math.abs(ratios[0])).toBeLessThan(1e-12);
      expect(Math.sign(ratios[0])).toBe(direction === 'potentiation' ? 1 : -1);
      // The closer to the bound, the smaller the step, within a pairing and from one pairing to the next.
      for (let n = 1; n < history.length; n++) {
        const steps = w0.map((_, k) => Math.abs(history[n][k] - history[n - 1][k]));
        for (let k = 1; k < steps.length; k++) expect(steps[k]).toBeLessThan(steps[k - 1]);
        if (n > 1) for (let k = 0; k < steps.length; k++) expect(steps[k]).toBeLessThan(Math.abs(history[n - 1][k] - history[n - 2][k]));
      }
      for (const w of history.flat()) expect(w > 0 && w < 1).toBe(true);
    }
  });

  it('rejects bad options and mismatched time steps with named errors', () => {
    const p = pairingNet([[10]], [[20]], [{ name: 'plastic', connectivity: 'one-to-one', weight: 0.5 }]);
    // Cast as a spec value would arrive (a string, not one of the union's members).
    expect(() => attach(stdp, p, p.plastic, { pairing: 'nearest-neighbour' as 'nearest' })).toThrow(/rule "stdp": option "pairing" must be "all-to-all" or "nearest"/);
    expect(() => attach(stdp, p, p.plastic, { tauPlus: -1 })).toThrow(/option "tauPlus" must be a finite number > 0 ms/);
    expect(() => attach(stdp, p, p.plastic, { wMax: 0.2 })).toThrow(/synapses "plastic" weight 0 is 0.5, outside the bounds \[0, 0.2\]/);
    // About create itself: a learner made for another dt refuses to run.
    p.sim.addHook(stdp.create({ net: p.net, synapses: p.plastic, dt: 0.5, streams: p.streams, options: resolveRuleOptions(stdp, {}) }));
    expect(() => p.sim.run(1)).toThrow(/created for dt = 0.5 ms but run by a simulator with dt = 0.1 ms/);
  });
});

describe('triplet STDP (rules/triplet-stdp.ts)', () => {
  const frequencies = [1, 10, 20, 40];
  const pairs = 20;

  /** 20 pre→post pairings (+10 ms) at each frequency, one synapse per frequency, under the triplet rule and pair STDP. */
  function frequencyProtocol() {
    const periods = frequencies.map((f) => Math.round(10000 / f)); // in steps
    const pre = periods.map((T) => Array.from({ length: pairs }, (_, n) => 100 + n * T));
    const post = pre.map((list) => list.map((s) => s + 100));
    const p = pairingNet(pre, post, [
      { name: 'triplet', connectivity: 'one-to-one', weight: 0.5 },
      { name: 'pair', connectivity: 'one-to-one', weight: 0.5 },
      { name: 'triplet-as-pair', connectivity: 'one-to-one', weight: 0.5 },
    ]);
    const [triplet, pair, tripletAsPair] = p.plastic;
    const d = tripletStdp.defaults;
    attach(tripletStdp, p, [triplet]);
    // Pair STDP with the triplet rule's pair depression and its potentiation amplitude (o2 replaced by 1).
    attach(stdp, p, [pair], { tauPlus: d.tauPlus, tauMinus: d.tauMinus, aPlus: d.a3Plus, aMinus: d.a2Minus });
    attach(tripletStdp, p, [tripletAsPair], { a2Plus: d.a3Plus, a3Plus: 0 }, 'triplet-as-pair');
    p.sim.run(Math.max(...post.map((l) => l[l.length - 1])) * DT + 50);
    expectTrains(p.postMon, post);
    return { triplet: Array.from(triplet.weight, (w) => w - 0.5), pair: Array.from(pair.weight, (w) => w - 0.5), tripletAsPair: Array.from(tripletAsPair.weight, (w) => w - 0.5) };
  }

  it('potentiation grows with pairing frequency (the triplet signature); pair STDP gets weaker instead', () => {
    const { triplet, pair } = frequencyProtocol();
    // Expected per pairing from the traces' steady state: triplet ≈ 0, +2e-3, +4e-3, +1e-2; pair ≈ +3.6e-3 falling to −4e-3.
    for (let f = 1; f < frequencies.length; f++) {
      expect(triplet[f]).toBeGreaterThan(triplet[f - 1]);
      expect(pair[f]).toBeLessThan(pair[f - 1]);
    }
    expect(Math.abs(triplet[0])).toBeLessThan(1e-3); // at 1 Hz o2 has decayed away: almost no LTP
    expect(triplet[3]).toBeGreaterThan(0.1);
    expect(pair[0]).toBeGreaterThan(0.05);
    expect(pair[3]).toBeLessThan(0);
  });

  it('with the triplet terms switched off it is exactly additive pair STDP', () => {
    const { pair, tripletAsPair } = frequencyProtocol();
    expect(tripletAsPair).toEqual(pair);
  });

  it('a post-pre-post triplet potentiates by A3+·r1·o2 on top of the pairs (explicit sum)', () => {
    // post at 0 ms, pre at 10 ms, post at 15 ms (steps 10, 110, 160).
    const p = pairingNet([[110]], [[10, 160]], [{ name: 'plastic', connectivity: 'one-to-one', weight: 0.5 }]);
    attach(tripletStdp, p, p.plastic, { a2Plus: 0.004 });
    p.sim.run(30);
    const d = tripletStdp.defaults;
    const expected = 0.5 - d.a2Minus * Math.exp(-10 / d.tauMinus) + Math.exp(-5 / d.tauPlus) * (0.004 + d.a3Plus * Math.exp(-15 / d.tauY));
    expect(Math.abs(p.plastic[0].weight[0] - expected)).toBeLessThan(1e-14);
  });
});

describe('reward-modulated STDP (rules/reward-stdp.ts)', () => {
  it('without a modulator the weights never change; with one they do, in the direction of its sign', () => {
    const streams = new RandomStreams(5);
    const net = new Network();
    net.addPopulation('in', 50, { kind: 'poisson', rate: 20 });
    net.addPopulation('out', 3, { kind: 'spiking', model: 'lif', params: { El: -60, Vr: -60, Vt: -50, tRef: 2 } });
    const syn = net.connectSpiking('in', 'out', { connectivity: { kind: 'all-to-all' }, weight: { kind: 'uniform', low: 1, high: 4 }, target: 'ge' }, streams);
    const sim = new ClockSimulator(net, { dt: DT, streams });
    const learner = attach(rewardStdp, { sim }, [syn], { wMax: 5 });
    const w0 = syn.weight.slice();
    sim.run(2000);
    expect(Array.from(syn.weight)).toEqual(Array.from(w0));
    const e = learner.traces(syn).eligibility;
    expect(e.filter((v) => v !== 0).length).toBe(syn.count);
    const eSnapshot = e.slice();
    learner.setModulator(1);
    sim.advance();
    // One step: Δw = η·M·e·dt with e as it stands at the end of that step (decayed once, plus this step's pairings).
    let close = 0;
    for (let k = 0; k < syn.count; k++) {
      expect(syn.weight[k]).not.toBe(w0[k]);
      expect(Math.sign(syn.weight[k] - w0[k])).toBe(Math.sign(e[k]));
      if (Math.abs(syn.weight[k] - w0[k] - 0.001 * DT * eSnapshot[k] * Math.exp(-DT / 1000)) < 1e-15) close++;
    }
    expect(close).toBeGreaterThan(syn.count / 2); // synapses whose neurons did not spike in that step
    learner.setModulator(-1);
    const w1 = syn.weight.slice();
    sim.advance();
    for (let k = 0; k < syn.count; k++) expect(Math.sign(syn.weight[k] - w1[k])).toBe(-Math.sign(e[k]));
  });

  it('the eligibility trace of one pairing decays with τe, and a later modulator turns exactly its integral into Δw', () => {
    const p = pairingNet([[100]], [[200]], [{ name: 'plastic', connectivity: 'one-to-one', weight: 0.5 }]);
    const learner = attach(rewardStdp, p, p.plastic, { tauE: 500, eta: 0.002 });
    const e = learner.traces(p.plastic[0]).eligibility;
    for (let s = 0; s <= 200; s++) p.sim.advance(); // through the post spike at step 200
    const e0 = 0.01 * Math.exp(-10 / 20);
    expect(Math.abs(e[0] - e0)).toBeLessThan(1e-15);
    p.sim.run(300); // 3000 steps, no spikes, M = 0
    expect(Math.abs(e[0] - e0 * Math.exp(-300 / 500)) / e0).toBeLessThan(1e-12);
    expect(p.plastic[0].weight[0]).toBe(0.5);
    const eStart = e[0];
    learner.setModulator(2);
    p.sim.run(100); // N = 1000 steps: Δw = η·M·dt·Σ_{n=1..N} e·dⁿ, d = e^{−dt/τe}
    const d = Math.exp(-DT / 500), N = 1000;
    const expected = 0.002 * 2 * DT * eStart * (d * (1 - d ** N)) / (1 - d);
    expect(Math.abs(p.plastic[0].weight[0] - 0.5 - expected) / expected).toBeLessThan(1e-9);
    expectTrains(p.postMon, [[200]]);
  });

  it('weights stay within the bounds under a strong modulator', () => {
    const p = pairingNet([[100, 300, 500]], [[150, 350, 550]], [{ name: 'plastic', connectivity: 'one-to-one', weight: 0.5 }]);
    const learner = attach(rewardStdp, p, p.plastic, { eta: 10 });
    const w = p.plastic[0].weight;
    let lo = Infinity, hi = -Infinity;
    const track = () => { lo = Math.min(lo, w[0]); hi = Math.max(hi, w[0]); };
    learner.setModulator(5);
    for (let s = 0; s < 1000; s++) { p.sim.advance(); track(); }
    expect(w[0]).toBe(1);
    learner.setModulator(-5);
    for (let s = 0; s < 1000; s++) { p.sim.advance(); track(); }
    expect(w[0]).toBe(0);
    expect([lo, hi]).toEqual([0, 1]);
  });
});

describe('reset', () => {
  it('reset() zeroes every trace, and a rerun reproduces the first run exactly', () => {
    // Deterministic inputs that drive the post neurons through the plastic weights, so weights shape the spikes.
    const rand = mulberry32(3);
    const preSteps = Array.from({ length: 40 }, () => randomSteps(rand, 40, 0, 5000));
    const streams = new RandomStreams(2);
    const net = new Network();
    const indices = preSteps.flatMap((l, i) => l.map(() => i)), times = preSteps.flatMap((l) => l.map((s) => (s + 0.5) * DT));
    net.addPopulation('pre', 40, { kind: 'spike-generator', indices, times });
    net.addPopulation('post', 5, { kind: 'spiking', model: 'lif', params: { El: -60, Vr: -60, Vt: -50, tRef: 2 } });
    const opts = { connectivity: { kind: 'all-to-all' as const }, weight: { kind: 'uniform' as const, low: 0.5, high: 2.5 }, target: 'ge' };
    const a = net.connectSpiking('pre', 'post', { ...opts, name: 'a' }, streams);
    const b = net.connectSpiking('pre', 'post', { ...opts, name: 'b' }, streams);
    const c = net.connectSpiking('pre', 'post', { ...opts, name: 'c' }, streams);
    const sim = new ClockSimulator(net, { dt: DT, streams });
    const mon = sim.addMonitor(new SpikeMonitor(net.population('post')));
    const env = { net, sim, streams };
    const pair = attach(stdp, env, [a], { wMax: 3, pairing: 'nearest' });
    const triplet = attach(tripletStdp, env, [b], { wMax: 3 });
    const reward = attach(rewardStdp, env, [c], { wMax: 3, eta: 0.01 });
    const traces = () => [...Object.values(pair.traces(a)), ...Object.values(triplet.traces(b)), ...Object.values(reward.traces(c))];
    const run = () => {
      reward.setModulator(1);
      sim.run(500);
      return { w: [a, b, c].map((g) => Array.from(g.weight)), spikes: Array.from(mon.times()), traces: traces().map((t) => Array.from(t)) };
    };
    const first = run();
    expect(first.spikes.length).toBeGreaterThan(20);
    for (const t of traces()) expect(t.some((v) => v !== 0)).toBe(true);
    for (const [g, w] of [[a, first.w[0]], [b, first.w[1]], [c, first.w[2]]] as const) expect(w).not.toEqual(Array.from(g.initialWeight));
    sim.reset();
    for (const t of traces()) expect(t.every((v) => v === 0)).toBe(true);
    expect(reward.modulator).toBe(0);
    expect(run()).toEqual(first);
  });
});

describe("triplet STDP with nearest-spike pairing (Diehl & Cook 2015's rule)", () => {
  it('equals the explicit rule on random trains: pre spike w −= ν_pre·e^{−Δ/τ−} from the last post spike; post spike w += ν_post·e^{−Δ/τ+}·e^{−Δ/τy} from the last pre and last earlier post spike', () => {
    const rand = mulberry32(11);
    const pre = randomSteps(rand, 40, 0, 3000), post = randomSteps(rand, 25, 1, 3000);
    const p = pairingNet([pre], [post], [{ name: 'dc', connectivity: 'all-to-all', weight: 0.5 }]);
    const o = { tauPlus: 20, tauMinus: 20, tauY: 40, tauX: 101, a2Plus: 0, a3Plus: 0.01, a2Minus: 1e-4, a3Minus: 0, wMin: 0, wMax: 1, pairing: 'nearest' as const };
    attach(tripletStdp, p, p.plastic, o);
    p.sim.run(3000 * DT + 1);
    expectTrains(p.preMon, [pre]);
    expectTrains(p.postMon, [post]);
    // Explicit: walk the events in time; within a step pre before post (a same-step pair counts as causal).
    let w = 0.5, lastPre = -Infinity, lastPost = -Infinity;
    for (let s = 0; s <= 3000; s++) {
      if (pre.includes(s)) {
        w = Math.max(0, w - o.a2Minus * Math.exp(-((s - lastPost) * DT) / o.tauMinus));
        lastPre = s;
      }
      if (post.includes(s)) {
        w = Math.min(1, w + o.a3Plus * Math.exp(-((s - lastPre) * DT) / o.tauPlus) * Math.exp(-((s - lastPost) * DT) / o.tauY));
        lastPost = s;
      }
    }
    expect(Math.abs(p.plastic[0].weight[0] - w)).toBeLessThan(1e-12);
    expect(Math.abs(p.plastic[0].weight[0] - 0.5)).toBeGreaterThan(1e-3); // the pairs really changed it
  });
});

describe("power-law STDP (rules/power-law-stdp.ts, Diehl & Cook 2015's eq. 3)", () => {
  const o = { tauPre: 20, eta: 0.01, xTarget: 0.4, mu: 0.2, wMin: 0, wMax: 1 };

  for (const pairing of ['all-to-all', 'nearest'] as const) {
    it(`equals the explicit rule on random trains (${pairing}): each post spike adds η·(x_pre − x_tar)·(wMax − w)^μ, pre spikes alone change nothing`, () => {
      const rand = mulberry32(5);
      const pres = [randomSteps(rand, 60, 0, 3000), randomSteps(rand, 5, 0, 3000), []];
      const post = randomSteps(rand, 25, 1, 3000);
      post.push(pres[0][10]); // a same-step pair: the pre spike counts as earlier
      post.sort((a, b) => a - b);
      const p = pairingNet(pres, [[...new Set(post)]], [{ name: 'dc', connectivity: 'all-to-all', weight: 0.5 }]);
      attach(powerLawStdp, p, p.plastic, { ...o, pairing });
      p.sim.run(3000 * DT + 1);
      expectTrains(p.postMon, [[...new Set(post)]]);
      const g = p.plastic[0];
      pres.forEach((train, i) => {
        let w = 0.5;
        for (const tj of new Set(post)) {
          const earlier = train.filter((ti) => ti <= tj);
          const x = pairing === 'nearest'
            ? (earlier.length ? Math.exp(-((tj - earlier[earlier.length - 1]) * DT) / o.tauPre) : 0)
            : earlier.reduce((acc, ti) => acc + Math.exp(-((tj - ti) * DT) / o.tauPre), 0);
          w = Math.min(o.wMax, Math.max(o.wMin, w + o.eta * (x - o.xTarget) * Math.pow(o.wMax - w, o.mu)));
        }
        expect(Math.abs(g.weight[g.rowStart[i]] - w)).toBeLessThan(1e-12);
      });
      // The silent input only lost weight (x_pre = 0 < x_tar at every post spike); the busy one gained.
      expect(g.weight[g.rowStart[2]]).toBeLessThan(0.5 - 25 * 0.01 * 0.4 * 0.5);
      expect(g.weight[g.rowStart[0]]).toBeGreaterThan(g.weight[g.rowStart[1]]);
    });
  }

  it('without postsynaptic spikes no weight moves; under a long random run weights stay within [wMin, wMax]', () => {
    const rand = mulberry32(9);
    const quiet = pairingNet([randomSteps(rand, 200, 0, 3000)], [[]], [{ name: 'q', connectivity: 'all-to-all', weight: 0.3 }]);
    attach(powerLawStdp, quiet, quiet.plastic, o);
    quiet.sim.run(301);
    expect(quiet.plastic[0].weight[0]).toBe(0.3);
    // A busy input (trace far above x_tar) and a silent one (trace 0), 600 post spikes: one pinned at each bound.
    const busy = pairingNet([randomSteps(rand, 2500, 0, 3000), []], [randomSteps(rand, 600, 1, 3000)], [{ name: 'b', connectivity: 'all-to-all', weight: 0.5 }]);
    attach(powerLawStdp, busy, busy.plastic, { ...o, mu: 0, eta: 0.05 });
    busy.sim.run(301);
    const [hi, lo] = busy.plastic[0].weight;
    expect(hi).toBe(1);
    expect(lo).toBe(0);
  });

  it('rejects a negative exponent and names it', () => {
    const p = pairingNet([[1]], [[2]], [{ name: 'x', connectivity: 'all-to-all', weight: 0.5 }]);
    expect(() => attach(powerLawStdp, p, p.plastic, { ...o, mu: -1 })).toThrow(/"mu"/);
  });
});

describe('the shared STDP walk against explicit event-by-event references (rules not covered above)', () => {
  /** Σ e^{−(s − t)·dt/τ} over the spikes t of `train` with t < s (or t ≤ s), or only the latest such spike (nearest). */
  const trace = (train: number[], s: number, tau: number, inclusive: boolean, nearest = false) => {
    const before = train.filter((t) => (inclusive ? t <= s : t < s));
    const terms = (nearest ? before.slice(-1) : before).map((t) => Math.exp((-(s - t) * DT) / tau));
    return terms.reduce((a, b) => a + b, 0);
  };
  const rand = mulberry32(23);
  // 3 presynaptic and 2 postsynaptic neurons, all-to-all: rows of 2, columns of 3, with same-step pairs.
  const pre = [randomSteps(rand, 30, 0, 2500), randomSteps(rand, 18, 0, 2500), randomSteps(rand, 25, 0, 2500)];
  const post = [randomSteps(rand, 20, 1, 2500), randomSteps(rand, 12, 1, 2500)];
  post[0] = [...new Set([...post[0], pre[0][4], pre[2][9]])].sort((a, b) => a - b);
  const steps = 2600;

  /** Runs `update(w, i, j, s, kind)` at every pre spike, then every post spike, step by step, for synapse i → j. */
  const explicit = (i: number, j: number, w0: number, onPre: (w: number, s: number) => number, onPost: (w: number, s: number) => number) => {
    let w = w0;
    for (let s = 0; s < steps; s++) {
      if (pre[i].includes(s)) w = onPre(w, s);
      if (post[j].includes(s)) w = onPost(w, s);
    }
    return w;
  };

  for (const pairing of ['all-to-all', 'nearest'] as const) {
    it(`multiplicative pair STDP (${pairing}) equals Δw− = −A−·(w − wMin)·y, Δw+ = A+·(wMax − w)·x applied spike by spike`, () => {
      const o = { aPlus: 0.05, aMinus: 0.06, tauPlus: 15, tauMinus: 25, wMin: 0.1, wMax: 0.9 };
      const p = pairingNet(pre, post, [{ name: 'plastic', connectivity: 'all-to-all', weight: 0.5 }]);
      attach(stdp, p, p.plastic, { ...o, weightDependence: 'multiplicative', pairing });
      p.sim.run(steps * DT);
      expectTrains(p.postMon, post);
      const g = p.plastic[0], nearest = pairing === 'nearest';
      for (let i = 0; i < 3; i++) {
        for (let k = g.rowStart[i]; k < g.rowStart[i + 1]; k++) {
          const j = g.postIndex[k];
          const w = explicit(i, j, 0.5,
            (w, s) => w - o.aMinus * (w - o.wMin) * trace(post[j], s, o.tauMinus, false, nearest),
            (w, s) => w + o.aPlus * (o.wMax - w) * trace(pre[i], s, o.tauPlus, true, nearest));
          expect(Math.abs(w - 0.5)).toBeGreaterThan(1e-3);
          expect(Math.abs(g.weight[k] - w)).toBeLessThan(1e-13);
        }
      }
    });
  }

  it('all-to-all triplet STDP with both triplet terms on equals o1·(A2− + A3−·r2(t−)) and r1·(A2+ + A3+·o2(t−)) spike by spike', () => {
    const o = { tauPlus: 16.8, tauX: 101, tauMinus: 33.7, tauY: 114, a2Plus: 0.004, a3Plus: 0.0065, a2Minus: 0.0071, a3Minus: 0.002, wMin: 0, wMax: 1 };
    const p = pairingNet(pre, post, [{ name: 'plastic', connectivity: 'all-to-all', weight: 0.5 }]);
    attach(tripletStdp, p, p.plastic, o);
    p.sim.run(steps * DT);
    const g = p.plastic[0];
    for (let i = 0; i < 3; i++) {
      for (let k = g.rowStart[i]; k < g.rowStart[i + 1]; k++) {
        const j = g.postIndex[k];
        const w = explicit(i, j, 0.5,
          (w, s) => Math.max(o.wMin, w - trace(post[j], s, o.tauMinus, false) * (o.a2Minus + o.a3Minus * trace(pre[i], s, o.tauX, false))),
          (w, s) => Math.min(o.wMax, w + trace(pre[i], s, o.tauPlus, true) * (o.a2Plus + o.a3Plus * trace(post[j], s, o.tauY, false))));
        expect(Math.abs(w - 0.5)).toBeGreaterThan(1e-3);
        expect(Math.abs(g.weight[k] - w)).toBeLessThan(1e-13);
      }
    }
  });
});

describe('bits of the STDP rules are those of the hand-written walks they replaced', () => {
  // Weights after a fixed random run, hashed (SHA-256 of the Float64 bytes of both groups, then the output
  // spike indices). Made once with the hand-written walks (commit 30d6468, the rules as they were before
  // src/learning/stdp-walk.ts) under Node 20.20.2, by running the same network there with rule.create +
  // sim.addHook (what attachRule does, with the same stream names). The rules now use src/kernels/math.ts, so a
  // change of Node no longer changes them; if one must change, regenerate it at that commit, never from the
  // code under test.
  const pinned: Record<string, string> = {
    'stdp additive all-to-all': '9dfc787f8af9fe518d80d63a87fb98dcb65b40d7b899ff9c675216490f0b532b spikes 513',
    'stdp multiplicative nearest': '517c88f359b668f229233299cacf59dc2b1a0989a753fba1ee420b08d9c02e33 spikes 403',
    'triplet all-to-all a3Minus': 'a3ffd62685aff7da441c905d421ccd52b9cf36479fe6dadba26f571b587f5623 spikes 404',
    'triplet nearest': 'bd696f0741274e9fd281cfb63ddf506e768ec5b907a0a0c077caf4eddb7bb0b7 spikes 430',
    'reward': '353d5bffb91f988f77c39555daaffe844814ec38c0341611288746cdf7ea9b7f spikes 478',
    // Regenerated at 30d6468 with Math.pow replaced by src/kernels/math.ts's pow (the engine's Math.pow and
    // fdlibm's differ in the last bit for some arguments), the one change this variant sees since then.
    'power-law all-to-all': '8da8b4e4d41053b2515765552bedf7874377eb7ad61afec32977de7d875b890d spikes 484',
    'power-law nearest mu 0': 'd989794d5b55c2815ed218d6e70a35a40df408d1928486910b05e84955cf9aab spikes 466',
  };
  const variants: [string, TimeSteppedRule<any>, object][] = [
    ['stdp additive all-to-all', stdp, { wMax: 3, aPlus: 0.05, aMinus: 0.055 }],
    ['stdp multiplicative nearest', stdp, { wMax: 3, aPlus: 0.05, aMinus: 0.055, weightDependence: 'multiplicative', pairing: 'nearest' }],
    ['triplet all-to-all a3Minus', tripletStdp, { wMax: 3, a3Minus: 0.003, a2Plus: 0.002 }],
    ['triplet nearest', tripletStdp, { wMax: 3, pairing: 'nearest' }],
    ['reward', rewardStdp, { wMax: 3, eta: 0.01 }],
    ['power-law all-to-all', powerLawStdp, { wMax: 3 }],
    ['power-law nearest mu 0', powerLawStdp, { wMax: 3, mu: 0, pairing: 'nearest' }],
  ];
  for (const [label, rule, options] of variants) {
    it(`${label}: same weights and spikes, bit for bit`, () => {
      // 120 Poisson inputs → 25 LIF neurons through two sparse plastic groups; the modulator cycles 0, 1, −0.5.
      const streams = new RandomStreams(42);
      const net = new Network();
      net.addPopulation('in', 120, { kind: 'poisson', rate: 20 });
      net.addPopulation('out', 25, { kind: 'spiking', model: 'lif', params: { El: -60, Vr: -60, Vt: -50, tRef: 2 } });
      const a = net.connectSpiking('in', 'out', { name: 'a', connectivity: { kind: 'fixed-probability', p: 0.3 }, weight: { kind: 'uniform', low: 0.5, high: 2.5 }, target: 'ge' }, streams);
      const b = net.connectSpiking('in', 'out', { name: 'b', connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: { kind: 'uniform', low: 0.5, high: 2.5 }, target: 'ge' }, streams);
      const sim = new ClockSimulator(net, { dt: DT, streams });
      const mon = sim.addMonitor(new SpikeMonitor(net.population('out')));
      const learner = attachRule(sim, rule, [a, b], options);
      for (let s = 0; s < 20; s++) {
        learner.setModulator?.(s % 3 === 0 ? 0 : s % 3 === 1 ? 1 : -0.5);
        sim.run(100);
      }
      expect(mon.count).toBeGreaterThan(300);
      expect(`${hashArrays(a.weight, b.weight, mon.indices())} spikes ${mon.count}`).toBe(pinned[label]);
    });
  }
});

import { describe, expect, it } from 'vitest';
import { stdp } from '../../rules/stdp.js';
import { Network } from '../../src/graph/network.js';
import { attachRule } from '../../src/learning/attach-rule.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ClockSimulator, RESET_SEMANTICS } from '../../src/sim/clock.js';
import { SpikeMonitor, StateMonitor } from '../../src/sim/monitors.js';

/**
 * A deterministic network with learning: 60 LIF neurons with a constant drive (so no random input), random
 * initial voltages, recurrent plastic synapses with delays (so spikes are in flight at the end of a trial),
 * pair STDP. `model` switches the neurons to lif-adaptive (persistent threshold θ) with the same drive.
 */
function build(model: 'lif' | 'lif-adaptive' = 'lif') {
  const streams = new RandomStreams(11);
  const net = new Network();
  const params: Record<string, number> = model === 'lif' ? { El: -60, Vr: -60, Vt: -50, Ie: 11, tRef: 2 } : { El: -60, Vr: -60, Vt: -50, I: 11, tRef: 2, tauM: 20, tauE: 5, tauI: 10, thetaPlus: 0.5, tauTheta: 1e4 };
  const cells = net.addPopulation('cells', 60, { kind: 'spiking', model, params });
  const syn = net.connectSpiking(cells, cells, { name: 'recurrent', connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: { kind: 'uniform', low: 0, high: model === 'lif' ? 1 : 0.05 }, target: 'ge', delay: { kind: 'uniform', low: 0.5, high: 3 } }, streams);
  const sim = new ClockSimulator(net, { dt: 0.1, streams });
  sim.initialise(cells, 'v', { kind: 'uniform', low: -60, high: -50 });
  const learner = attachRule(sim, stdp, [syn], { wMax: model === 'lif' ? 1 : 0.05, aPlus: 0.005, aMinus: 0.006 });
  const spikes = sim.addMonitor(new SpikeMonitor(cells));
  return { net, sim, syn, cells, learner, spikes };
}

const copyState = (s: Record<string, Float64Array>) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Array.from(v)]));

describe('ClockSimulator.newTrial()', () => {
  it('documents what it and reset() restore, part by part', () => {
    expect(RESET_SEMANTICS.map((r) => r.part)).toEqual(['clock', 'neuron state', 'delay buffers', 'this step\'s spikes', 'synaptic weights', 'plasticity hooks', 'sources', 'monitors']);
  });

  it('keeps the learned weights, restores the state a fresh simulator starts from, clears traces, leaves clock and monitors alone', () => {
    const a = build();
    a.sim.run(200);
    const learned = a.syn.weight.slice();
    expect(learned.some((w, k) => w !== a.syn.initialWeight[k])).toBe(true);
    expect(a.spikes.count).toBeGreaterThan(100);
    const countBefore = a.spikes.count, stepBefore = a.sim.step;
    a.sim.newTrial();
    expect(Array.from(a.syn.weight)).toEqual(Array.from(learned));
    expect(a.sim.step).toBe(stepBefore);
    expect(a.spikes.count).toBe(countBefore);
    for (const t of Object.values(a.learner.traces(a.syn))) expect(t.every((x) => x === 0)).toBe(true);
    // Independent: a fresh simulator of the same network and seed, before its first step.
    const fresh = build();
    expect(copyState(a.sim.state(a.cells))).toEqual(copyState(fresh.sim.state(fresh.cells)));
  });

  it('the next trial is bit for bit a fresh simulator given the learned weights (spikes, voltages, weights)', () => {
    const a = build();
    a.sim.run(150);
    const start = a.sim.step, learned = a.syn.weight.slice();
    a.sim.newTrial();
    const vA = a.sim.addMonitor(new StateMonitor(a.cells, ['v'], [0, 17, 42]));
    a.sim.run(150);

    const b = build();
    b.syn.weight.set(learned);
    const vB = b.sim.addMonitor(new StateMonitor(b.cells, ['v'], [0, 17, 42]));
    b.sim.run(150);

    const trialA = Array.from(a.spikes.indices()).map((i, k) => [i, Math.round(a.spikes.times()[k] / 0.1) - start]).filter(([, s]) => s >= 0);
    const trialB = Array.from(b.spikes.indices()).map((i, k) => [i, Math.round(b.spikes.times()[k] / 0.1)]);
    expect(trialB.length).toBeGreaterThan(100);
    expect(trialA).toEqual(trialB);
    for (const k of [0, 1, 2]) expect(Array.from(vA.trace('v', k))).toEqual(Array.from(vB.trace('v', k)));
    expect(Array.from(a.syn.weight)).toEqual(Array.from(b.syn.weight));
  });

  it('keeps a model\'s persistent variables (lif-adaptive\'s θ) as it keeps weights; reset() restores both', () => {
    const a = build('lif-adaptive');
    a.sim.run(200);
    expect(a.spikes.count).toBeGreaterThan(50);
    const theta = a.sim.state(a.cells).theta.slice();
    expect(theta.some((x) => x > 0)).toBe(true);
    const fresh = build('lif-adaptive');
    a.sim.newTrial();
    const s = a.sim.state(a.cells), f = fresh.sim.state(fresh.cells);
    expect(Array.from(s.theta)).toEqual(Array.from(theta));
    for (const name of ['v', 'ge', 'gi', 'refractory', 'blocked']) expect(Array.from(s[name])).toEqual(Array.from(f[name]));
    a.sim.reset();
    expect(Array.from(a.sim.state(a.cells).theta)).toEqual(Array.from(f.theta));
    expect(Array.from(a.syn.weight)).toEqual(Array.from(a.syn.initialWeight));
    expect(a.sim.step).toBe(0);
    expect(a.spikes.count).toBe(0);
  });

  it('a value set with initialise() after reset() becomes the starting state that later resets restore', () => {
    const a = build();
    a.sim.run(10);
    a.sim.reset();
    a.sim.initialise(a.cells, 'v', -55);
    a.sim.run(10);
    a.sim.newTrial();
    expect(Array.from(new Set(a.sim.state(a.cells).v))).toEqual([-55]);
    a.sim.run(10);
    a.sim.reset();
    expect(Array.from(new Set(a.sim.state(a.cells).v))).toEqual([-55]);
  });
});

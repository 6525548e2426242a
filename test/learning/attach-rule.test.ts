import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { stdp } from '../../rules/stdp.js';
import { tripletStdp } from '../../rules/triplet-stdp.js';
import { backprop } from '../../rules/backprop.js';
import { Network } from '../../src/graph/network.js';
import { attachRule } from '../../src/learning/attach-rule.js';
import type { TimeSteppedRule } from '../../src/learning/time-stepped-rule.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ClockSimulator } from '../../src/sim/clock.js';

/** 50 Poisson inputs (100 Hz) onto 3 LIF neurons through one plastic all-to-all group (weights 0.5, inside every rule's default bounds). */
function smallNet(seed = 1) {
  const streams = new RandomStreams(seed);
  const net = new Network();
  net.addPopulation('in', 50, { kind: 'poisson', rate: 100 });
  net.addPopulation('out', 3, { kind: 'spiking', model: 'lif', params: { El: -60, Vr: -60, Vt: -50, tRef: 2 } });
  const syn = net.connectSpiking('in', 'out', { name: 'plastic', connectivity: { kind: 'all-to-all' }, weight: 0.5, target: 'ge' }, streams);
  const sim = new ClockSimulator(net, { dt: 0.1, streams });
  return { net, sim, syn, streams };
}

/** A time-stepped rule that draws from its own streams: one number at creation, one per step, and records both. */
const noisy: TimeSteppedRule<{ scale: number }, { drawn: number[]; steps: number; step(): void; reset(): void }> = {
  name: 'noisy',
  regime: 'time-stepped',
  summary: 'test rule: draws from its streams',
  defaults: { scale: 1 },
  create({ streams, options }) {
    const noise = streams.stream('noise');
    const drawn = [options.scale * noise.uniform()];
    return {
      drawn,
      steps: 0,
      step() {
        this.steps++;
        drawn.push(options.scale * noise.uniform());
      },
      reset() {},
    };
  },
};

const timeStepped = Object.values(builtinRules).filter((r): r is TimeSteppedRule<any> => r.regime === 'time-stepped');

describe('attachRule', () => {
  it('covers every time-stepped built-in rule (the list below must not be empty)', () => {
    expect(timeStepped.map((r) => r.name).sort()).toEqual(['power-law-stdp', 'reward-stdp', 'stdp', 'triplet-stdp']);
  });

  for (const rule of timeStepped) {
    it(`rejects a misspelt option of "${rule.name}" at run time, naming it and every valid option`, () => {
      const { sim, syn } = smallNet();
      const valid = Object.keys(rule.defaults);
      expect(valid.length).toBeGreaterThan(0);
      expect(() => attachRule(sim, rule, [syn], { aPlsu: 1 })).toThrow(`rule "${rule.name}": unknown option "aPlsu"; valid options are ${valid.join(', ')}`);
      // Nothing was attached: the simulator runs without it.
      const w0 = syn.weight.slice();
      sim.run(50);
      expect(Array.from(syn.weight)).toEqual(Array.from(w0));
    });

    it(`attaches "${rule.name}": its learner runs in every step and moves the weights`, () => {
      const { sim, syn } = smallNet();
      const learner = attachRule(sim, rule, [syn]);
      learner.setModulator?.(1); // reward-stdp changes weights only under a modulator
      const w0 = syn.weight.slice();
      sim.run(300);
      expect(syn.weight.some((w, k) => w !== w0[k])).toBe(true);
    });
  }

  it('is a compile-time error for a misspelt or mistyped option (tsc checks the @ts-expect-error lines)', () => {
    const { sim, syn } = smallNet();
    // @ts-expect-error 'aPlsu' is not an option of stdp (the compiler suggests 'aPlus')
    expect(() => attachRule(sim, stdp, [syn], { aPlsu: 1 })).toThrow(/unknown option "aPlsu"/);
    // @ts-expect-error aPlus is a number
    expect(() => attachRule(sim, stdp, [syn], { aPlus: '0.1' })).toThrow(/option "aPlus" must be a number \(default 0.01\), got "0.1"/);
    // @ts-expect-error pairing is 'all-to-all' or 'nearest'
    expect(() => attachRule(sim, stdp, [syn], { pairing: 'nearest-neighbour' })).toThrow(/option "pairing" must be "all-to-all" or "nearest"/);
  });

  it('returns the rule\'s own learner type, with its trace lookup', () => {
    const { sim, syn } = smallNet();
    const learner = attachRule(sim, stdp, [syn], { aPlus: 0.02 });
    sim.run(20);
    const { xPre, yPost } = learner.traces(syn); // StdpLearner: compiles without a cast
    expect(xPre.length).toBe(50);
    expect(yPost.length).toBe(3);
    expect(xPre.some((x) => x > 0)).toBe(true);
  });

  it('forks the streams "rule/<name>" from the simulator\'s streams, or "rule/<label>"; two labelled instances draw different numbers', () => {
    const { sim, syn, streams } = smallNet(9);
    const a = attachRule(sim, noisy, [syn]);
    const b = attachRule(sim, noisy, [syn], { scale: 1 }, { label: 'noisy-2' });
    sim.run(1);
    // Independent: the same streams drawn directly from a RandomStreams with the run's seed.
    const expected = (prefix: string) => {
      const s = new RandomStreams(9).fork(prefix).stream('noise');
      return Array.from({ length: 11 }, () => s.uniform());
    };
    expect(a.drawn).toEqual(expected('rule/noisy'));
    expect(b.drawn).toEqual(expected('rule/noisy-2'));
    expect(a.drawn[0]).not.toBe(b.drawn[0]);
    expect(a.steps).toBe(10);
    expect(b.steps).toBe(10);
    // An explicit root instead of the simulator's streams.
    const c = attachRule(sim, noisy, [syn], {}, { streams: streams.fork('elsewhere'), label: 'noisy' });
    expect(c.drawn[0]).toBe(new RandomStreams(9).fork('elsewhere').fork('rule/noisy').stream('noise').uniform());
  });

  it('refuses a second unlabelled instance of one rule (it would share the first one\'s streams), and names the fix', () => {
    const { sim, syn } = smallNet();
    attachRule(sim, tripletStdp, [syn]);
    expect(() => attachRule(sim, tripletStdp, [syn])).toThrow(/streams "rule\/triplet-stdp" is already attached to this simulator; give the second instance of rule "triplet-stdp" its own label/);
    expect(() => attachRule(sim, tripletStdp, [syn], {}, { label: 'triplet-2' })).not.toThrow();
  });

  it('rejects a rule of another regime, synapses of another network and an empty list, by name', () => {
    const { sim, syn } = smallNet();
    const other = smallNet(2);
    expect(() => attachRule(sim, backprop as never, [syn])).toThrow(/rule "backprop" is a minibatch rule; only time-stepped rules run in the clock simulator/);
    expect(() => attachRule(sim, stdp, [other.syn])).toThrow(/synapses "plastic" do not belong to the simulator's network \(rule "stdp"\)/);
    expect(() => attachRule(sim, stdp, [])).toThrow(/rule "stdp" needs at least one synapse group/);
  });

  it('gives the same bits as the hand-written create + addHook it replaces', () => {
    const run = (attach: (x: ReturnType<typeof smallNet>) => void) => {
      const x = smallNet(4);
      attach(x);
      x.sim.run(500);
      return Array.from(x.syn.weight);
    };
    const byHand = run(({ net, sim, syn, streams }) => sim.addHook(stdp.create({ net, synapses: [syn], dt: sim.dt, streams: streams.fork('rule/stdp'), options: { ...stdp.defaults, aPlus: 0.05 } })));
    const attached = run(({ sim, syn }) => attachRule(sim, stdp, [syn], { aPlus: 0.05 }));
    expect(byHand.some((w) => w !== 0.5)).toBe(true);
    expect(attached).toEqual(byHand);
  });
});

import { describe, expect, it } from 'vitest';
import { Network } from '../../src/graph/network.js';
import { ClockSimulator, UPDATE_ORDER } from '../../src/sim/clock.js';
import { PopulationRateMonitor, SpikeMonitor, StateMonitor } from '../../src/sim/monitors.js';
import { RandomStreams } from '../../src/random/streams.js';

describe('clock-driven simulator', () => {
  it('documents its update order as data', () => {
    expect(UPDATE_ORDER.map((p) => p.phase)).toEqual(['sources', 'neurons', 'propagate', 'deliver', 'plasticity', 'monitors']);
  });

  it('a LIF neuron with constant input fires at the closed-form rate', () => {
    // rate = 1 / (tRef + τm ln((El + Ie − Vr) / (El + Ie − Vt))), here El + Ie = −45 mV
    const net = new Network();
    net.addPopulation('n', 1, { kind: 'spiking', model: 'lif', params: { El: -60, Ie: 15, tRef: 2 } });
    const sim = new ClockSimulator(net, { dt: 0.01, streams: new RandomStreams(1) });
    sim.initialise('n', 'v', -60);
    const mon = sim.addMonitor(new SpikeMonitor(net.population('n')));
    sim.run(2000);
    const closed = 1000 / (2 + 20 * Math.log((-45 - -60) / (-45 - -50)));
    const isi = mon.times();
    const measured = 1000 / ((isi[isi.length - 1] - isi[0]) / (isi.length - 1));
    expect(Math.abs(measured / closed - 1)).toBeLessThan(0.005);
  });

  it('a spike arrives exactly `delay` steps later (delay 0 acts from the next step)', () => {
    for (const delaySteps of [0, 1, 7]) {
      const net = new Network();
      net.addPopulation('src', 1, { kind: 'spike-generator', indices: [0], times: [1.0] });
      net.addPopulation('n', 1, { kind: 'spiking', model: 'lif', params: { El: -70, Vt: 0 } });
      net.connectSpiking('src', 'n', { connectivity: { kind: 'one-to-one' }, weight: 3, target: 'ge', delay: delaySteps * 0.1 }, new RandomStreams(1));
      const sim = new ClockSimulator(net, { dt: 0.1, streams: new RandomStreams(1) });
      sim.initialise('n', 'v', -70);
      const mon = sim.addMonitor(new StateMonitor(net.population('n'), ['ge'], [0]));
      sim.run(3);
      const ge = mon.trace('ge');
      const first = ge.findIndex((g) => g > 0); // end-of-step samples
      expect(first).toBe(10 + delaySteps); // emitted in step 10 ([1.0, 1.1) ms)
      expect(ge[first]).toBe(3);
    }
  });

  it('a Poisson source fires at its rate within statistical bounds, and rates can change between steps', () => {
    const net = new Network();
    const pop = net.addPopulation('p', 1000, { kind: 'poisson', rate: 20 });
    const sim = new ClockSimulator(net, { dt: 0.1, streams: new RandomStreams(3) });
    const mon = sim.addMonitor(new SpikeMonitor(pop));
    sim.run(1000);
    // Expected count 20 000 (20 Hz × 1000 neurons × 1 s), Poisson sd ≈ 141: allow 5 sd.
    expect(Math.abs(mon.count - 20_000)).toBeLessThan(5 * Math.sqrt(20_000));
    // Inter-spike intervals are exponential: CV ≈ 1.
    const trains = mon.trains();
    const isis = trains.flatMap((tr) => Array.from(tr.subarray(1), (t, k) => t - tr[k]));
    const mean = isis.reduce((a, b) => a + b, 0) / isis.length;
    const sd = Math.sqrt(isis.reduce((a, b) => a + (b - mean) ** 2, 0) / isis.length);
    expect(Math.abs(sd / mean - 1)).toBeLessThan(0.05);
    sim.setRates(pop, 5);
    const before = mon.count;
    sim.run(1000);
    expect(Math.abs(mon.count - before - 5_000)).toBeLessThan(5 * Math.sqrt(5_000));
  });

  it('the same seed gives identical spike trains; another seed does not', () => {
    const build = (seed: number) => {
      const streams = new RandomStreams(seed);
      const net = new Network();
      net.addPopulation('in', 200, { kind: 'poisson', rate: 30 });
      net.addPopulation('n', 50, { kind: 'spiking', model: 'lif', params: { El: -65 } });
      net.connectSpiking('in', 'n', { connectivity: { kind: 'fixed-probability', p: 0.2 }, weight: { kind: 'uniform', low: 0, high: 6 }, target: 'ge', delay: { kind: 'uniform', low: 0, high: 3 } }, streams);
      const sim = new ClockSimulator(net, { streams });
      sim.initialise('n', 'v', { kind: 'uniform', low: -65, high: -50 });
      const mon = sim.addMonitor(new SpikeMonitor(net.population('n')));
      sim.run(500);
      return [Array.from(mon.indices()), Array.from(mon.times())];
    };
    const a = build(5);
    expect(a[0].length).toBeGreaterThan(50);
    expect(build(5)).toEqual(a);
    expect(build(6)).not.toEqual(a);
  });

  it('reset() really resets: a rerun from reset matches the first run when inputs are deterministic', () => {
    const net = new Network();
    net.addPopulation('src', 3, { kind: 'spike-generator', indices: [0, 1, 2, 0, 2], times: [1, 2, 2, 5, 9.95] });
    net.addPopulation('n', 4, { kind: 'spiking', model: 'lif', params: { El: -65 } });
    const syn = net.connectSpiking('src', 'n', { connectivity: { kind: 'all-to-all' }, weight: 40, target: 'ge', delay: { kind: 'uniform', low: 0, high: 2 } }, new RandomStreams(2));
    const sim = new ClockSimulator(net, { streams: new RandomStreams(2) });
    sim.initialise('n', 'v', { kind: 'uniform', low: -65, high: -52 });
    const spikes = sim.addMonitor(new SpikeMonitor(net.population('n')));
    const v = sim.addMonitor(new StateMonitor(net.population('n'), ['v', 'ge'], [0, 3]));
    const rate = sim.addMonitor(new PopulationRateMonitor(net.population('n')));
    const initialV = Array.from(sim.state('n').v);
    sim.run(30);
    const first = { s: Array.from(spikes.times()), v: Array.from(v.trace('v', 1)), r: Array.from(rate.rates().hz) };
    expect(first.s.length).toBeGreaterThan(0);
    syn.weight[0] = 100; // as plasticity would
    sim.reset();
    expect(sim.step).toBe(0);
    expect(Array.from(sim.state('n').v)).toEqual(initialV);
    expect(Array.from(sim.state('n').ge)).toEqual([0, 0, 0, 0]);
    expect(syn.weight[0]).toBe(40);
    expect(spikes.count).toBe(0);
    expect(v.samples).toBe(0);
    sim.run(30);
    expect({ s: Array.from(spikes.times()), v: Array.from(v.trace('v', 1)), r: Array.from(rate.rates().hz) }).toEqual(first);
  });

  it('reading a monitor never changes it, and memory limits are honoured', () => {
    const net = new Network();
    const pop = net.addPopulation('p', 100, { kind: 'poisson', rate: 100 });
    const sim = new ClockSimulator(net, { streams: new RandomStreams(1) });
    const mon = sim.addMonitor(new SpikeMonitor(pop, 50));
    sim.run(100);
    const a = mon.indices();
    a[0] = -1;
    expect(mon.indices()[0]).not.toBe(-1);
    expect(mon.count).toBe(50);
    expect(mon.dropped).toBeGreaterThan(0);
  });

  it('names bad targets, parameters and populations', () => {
    const net = new Network();
    net.addPopulation('in', 2, { kind: 'poisson', rate: 5 });
    net.addPopulation('n', 2, { kind: 'spiking', model: 'lif' });
    net.connectSpiking('in', 'n', { connectivity: { kind: 'all-to-all' }, weight: 1, target: 'gx' }, new RandomStreams(1));
    expect(() => new ClockSimulator(net, { streams: new RandomStreams(1) })).toThrow(/target "gx" is not a state variable of "n"; it has .*ge/);
    const bad = new Network();
    bad.addPopulation('n', 2, { kind: 'spiking', model: 'lif', params: { tau: 3 } });
    expect(() => new ClockSimulator(bad, { streams: new RandomStreams(1) })).toThrow(/model "lif" has no parameter "tau"/);
    const none = new Network();
    none.addPopulation('n', 2, { kind: 'spiking', model: 'hodgkin' });
    expect(() => new ClockSimulator(none, { streams: new RandomStreams(1) })).toThrow(/unknown spiking model "hodgkin"/);
    expect(() => net.connectSpiking('n', 'in', { connectivity: { kind: 'all-to-all' }, weight: 1, target: 'ge' }, new RandomStreams(1))).toThrow(/postsynaptic population "in" must be a spiking population/);
  });
});

describe('connectivity', () => {
  const net = () => {
    const n = new Network();
    n.addPopulation('a', 400, { kind: 'spiking', model: 'lif' });
    n.addPopulation('b', 300, { kind: 'spiking', model: 'lif' });
    return n;
  };
  it('fixed probability gives about p·N_pre·N_post synapses and no self-connections', () => {
    const n = net();
    const g = n.connectSpiking('a', 'b', { connectivity: { kind: 'fixed-probability', p: 0.05 }, weight: 1, target: 'ge' }, new RandomStreams(1));
    const expected = 0.05 * 400 * 300;
    expect(Math.abs(g.count - expected)).toBeLessThan(5 * Math.sqrt(expected * 0.95));
    const rec = n.connectSpiking('a', 'a', { connectivity: { kind: 'fixed-probability', p: 0.5 }, weight: 1, target: 'gi' }, new RandomStreams(1));
    for (let i = 0; i < 400; i++) for (let k = rec.rowStart[i]; k < rec.rowStart[i + 1]; k++) expect(rec.postIndex[k]).not.toBe(i);
  });
  it('fixed in-degree gives every target exactly k partners; one-to-one and all-to-all are exact', () => {
    const n = net();
    const g = n.connectSpiking('a', 'b', { connectivity: { kind: 'fixed-in-degree', k: 17 }, weight: 1, target: 'ge' }, new RandomStreams(2));
    expect(new Set(g.inDegrees())).toEqual(new Set([17]));
    const o = n.connectSpiking('b', 'b', { connectivity: { kind: 'one-to-one' }, weight: 1, target: 'gi', name: 'self' }, new RandomStreams(2));
    expect(Array.from(o.postIndex)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const all = n.connectSpiking('b', 'a', { connectivity: { kind: 'all-to-all' }, weight: 1, target: 'ge' }, new RandomStreams(2));
    expect(all.count).toBe(300 * 400);
  });
});

describe('rate encoding', () => {
  it('turns an MNIST image into Poisson rates that the source reproduces', async () => {
    const { createTask } = await import('../../src/tasks/registry.js');
    const { rateEncode } = await import('../../src/sim/sources.js');
    const task = await createTask('mnist', { trainLimit: 1, testLimit: 1 }, new RandomStreams(0));
    const image = task.train.inputs.data.subarray(0, 784);
    const rates = rateEncode(image, 63.75);
    expect(Math.max(...rates)).toBeCloseTo(63.75, 10);
    expect(rates.filter((r) => r === 0).length).toBe(image.filter((x) => x === 0).length);
    const net = new Network();
    const pop = net.addPopulation('pixels', 784, { kind: 'poisson', rate: 0 });
    const sim = new ClockSimulator(net, { streams: new RandomStreams(4) });
    sim.setRates(pop, rates);
    const mon = sim.addMonitor(new SpikeMonitor(pop));
    sim.run(2000);
    const expected = rates.reduce((a, b) => a + b, 0) * 2;
    expect(Math.abs(mon.count - expected)).toBeLessThan(5 * Math.sqrt(expected));
    const counts = mon.countsPerNeuron();
    for (let i = 0; i < 784; i++) if (rates[i] === 0) expect(counts[i]).toBe(0);
    expect(() => rateEncode([0.5, 2], 10)).toThrow(/value 1 is 2; expected a number in \[0, 1\]/);
  });
});

import { describe, expect, it } from 'vitest';
import { Network } from '../../src/graph/network.js';
import { measureExcInh } from '../../src/models/exc-inh-measurement.js';
import { buildCuba, cubaDefaults } from '../../src/models/vogels-abbott.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ClockSimulator } from '../../src/sim/clock.js';
import { SpikeCountMonitor, SpikeMonitor } from '../../src/sim/monitors.js';
import { spikeTime } from '../../src/sim/spike-time.js';

/** 200 Poisson neurons at 100 Hz for `ms`, with a growing monitor, a fixed one and an independent per-step count. */
function poissonRun(ms: number, monitor: (pop: ReturnType<Network['addPopulation']>) => SpikeMonitor) {
  const net = new Network();
  const pop = net.addPopulation('p', 200, { kind: 'poisson', rate: 100 });
  const sim = new ClockSimulator(net, { dt: 0.1, streams: new RandomStreams(5) });
  const mon = sim.addMonitor(monitor(pop));
  const reference = sim.addMonitor(new SpikeMonitor(pop, 100_000, 100_000)); // allocated once, never grows
  const counts = sim.addMonitor(new SpikeCountMonitor(pop));
  sim.run(ms);
  return { mon, reference, counts };
}

describe('SpikeMonitor storage', () => {
  it('grows from a small start and records every spike, in order, exactly as a preallocated monitor does', () => {
    const { mon, reference, counts } = poissonRun(1000, (pop) => new SpikeMonitor(pop, 1_000_000, 16));
    expect(counts.total).toBeGreaterThan(15_000); // ~20,000 expected
    expect(mon.count).toBe(counts.total);
    expect(mon.dropped).toBe(0);
    expect(Array.from(mon.indices())).toEqual(Array.from(reference.indices()));
    expect(Array.from(mon.times())).toEqual(Array.from(reference.times()));
    expect(Array.from(mon.countsPerNeuron())).toEqual(Array.from(counts.counts));
    // Doubling from 16: the smallest power-of-two multiple of 16 that holds every spike.
    expect(mon.allocated).toBe(16 * 2 ** Math.ceil(Math.log2(counts.total / 16)));
  });

  it('stops at its maximum: stores the first `capacity` spikes and counts the rest as dropped', () => {
    const { mon, reference, counts } = poissonRun(300, (pop) => new SpikeMonitor(pop, 1000, 64));
    expect(counts.total).toBeGreaterThan(3000);
    expect(mon.count).toBe(1000);
    expect(mon.allocated).toBe(1000);
    expect(mon.dropped).toBe(counts.total - 1000);
    expect(Array.from(mon.indices())).toEqual(Array.from(reference.indices().subarray(0, 1000)));
    mon.reset();
    expect([mon.count, mon.dropped]).toEqual([0, 0]);
  });

  it('rejects a capacity that is not a positive integer, and an initial capacity above it', () => {
    const pop = new Network().addPopulation('p', 3, { kind: 'poisson', rate: 1 });
    expect(() => new SpikeMonitor(pop, 0)).toThrow(/spike monitor of "p": capacity must be a positive integer \(spikes\), got 0/);
    expect(() => new SpikeMonitor(pop, 100, 101)).toThrow(/initialCapacity must be an integer from 1 to capacity \(100\), got 101/);
  });

  it('stamps a spike with the start of its step (spikeTime): a generator spike at 1.05 ms is stamped 1.0 ms', () => {
    const net = new Network();
    const pop = net.addPopulation('g', 2, { kind: 'spike-generator', indices: [0, 1], times: [1.05, 2.0] });
    const sim = new ClockSimulator(net, { dt: 0.1, streams: new RandomStreams(1) });
    const mon = sim.addMonitor(new SpikeMonitor(pop));
    sim.run(3);
    expect(Array.from(mon.times())).toEqual([spikeTime(10, 0.1), spikeTime(20, 0.1)]);
    expect(Array.from(mon.times())).toEqual([10 * 0.1, 20 * 0.1]);
  });
});

describe('the CUBA measurement protocol', () => {
  it('records every spike of a small network and allocates a small fraction of the 2 × 160 MB it used to', () => {
    const streams = new RandomStreams(2);
    const { sim, exc, inh, synapses } = buildCuba({ ...cubaDefaults, N: 800 }, streams);
    const counts = [exc, inh].map((p) => sim.addMonitor(new SpikeCountMonitor(p)));
    const before = process.memoryUsage().arrayBuffers;
    const { metrics } = measureExcInh('cuba', sim, exc, inh, 300, { synapses, setupSeconds: 0 }, () => {});
    const grown = process.memoryUsage().arrayBuffers - before;
    const total = counts[0].total + counts[1].total;
    expect(total).toBeGreaterThan(500);
    expect(metrics.spikesDropped).toBe(0);
    // Every spike reached the statistics: the mean rate from the monitors' trains equals the independent count.
    expect(metrics.meanRateHz).toBeCloseTo(total / 800 / 0.3, 9);
    // Two monitors of 20 million spikes each preallocated 2 × 160 MB; grown to fit, they need well under 10 MB
    // (the bound leaves room for the measurement's other buffers: rate monitors hold 4 MB each).
    expect(grown).toBeLessThan(20 * 2 ** 20);
  });
});

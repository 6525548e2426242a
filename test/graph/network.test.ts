import { describe, expect, it } from 'vitest';
import { layeredNetwork } from '../../src/graph/layered.js';
import { Network } from '../../src/graph/network.js';
import { RandomStreams } from '../../src/random/streams.js';

const mlp = () => layeredNetwork({ sizes: [5, 4, 3], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' }).initialise(new RandomStreams(1));

describe('Network validation', () => {
  it('orders a layered network and finds its input and output', () => {
    const t = mlp().layered();
    expect(t.order.map((p) => p.name)).toEqual(['input', 'hidden1', 'output']);
    expect(t.inputs.map((p) => p.name)).toEqual(['input']);
    expect(t.output.name).toBe('output');
  });

  it('names the populations on a cycle', () => {
    const net = new Network();
    net.addPopulation('in', 2, { kind: 'input' });
    net.addPopulation('a', 2, { kind: 'rate', activation: 'relu' });
    net.addPopulation('b', 2, { kind: 'rate', activation: 'relu' });
    net.addPopulation('out', 2, { kind: 'rate', activation: 'linear' });
    net.connect('in', 'a');
    net.connect('a', 'b');
    net.connect('b', 'a');
    net.connect('b', 'out');
    expect(() => net.layered()).toThrow(/cycle through a -> b -> a/);
  });

  it('names a dangling population that receives nothing', () => {
    const net = new Network();
    net.addPopulation('in', 2, { kind: 'input' });
    net.addPopulation('orphan', 3, { kind: 'rate', activation: 'relu' });
    net.addPopulation('out', 2, { kind: 'rate', activation: 'linear' });
    net.connect('in', 'out');
    net.connect('orphan', 'out');
    expect(() => net.layered()).toThrow(/"orphan" receive no projection/);
  });

  it('names populations that lead nowhere (more than one output)', () => {
    const net = new Network();
    net.addPopulation('in', 2, { kind: 'input' });
    net.addPopulation('dead-end', 3, { kind: 'rate', activation: 'relu' });
    net.addPopulation('out', 2, { kind: 'rate', activation: 'linear' });
    net.connect('in', 'dead-end');
    net.connect('in', 'out');
    expect(() => net.layered()).toThrow(/exactly one output population.*"dead-end", "out"/);
  });

  it('rejects projections into inputs, duplicate names, unknown names and bad sizes', () => {
    const net = new Network();
    net.addPopulation('in', 2, { kind: 'input' });
    net.addPopulation('out', 2, { kind: 'rate', activation: 'linear' });
    expect(() => net.connect('out', 'in')).toThrow(/"in" is an input population/);
    expect(() => net.addPopulation('in', 3, { kind: 'input' })).toThrow(/already exists/);
    expect(() => net.connect('in', 'nowhere')).toThrow(/no population named "nowhere"; populations are in, out/);
    expect(() => net.addPopulation('bad', 0, { kind: 'input' })).toThrow(/size must be a positive integer, got 0/);
    expect(() => net.addPopulation('odd', 2, { kind: 'rate', activation: 'swish' as never })).toThrow(/unknown activation "swish"/);
    expect(() => net.connect('in', 'out', { init: 'kaiming' as never })).toThrow(/invalid initialiser "kaiming"/);
    expect(() => layeredNetwork({ sizes: [3, -1, 2], activation: 'relu', output: 'linear' })).toThrow(/sizes\[1\] must be a positive integer/);
  });
});

describe('weights', () => {
  it('getWeights / setWeights round-trip exactly and reject mismatched snapshots', () => {
    const a = mlp();
    const b = layeredNetwork({ sizes: [5, 4, 3], activation: 'tanh', output: 'softmax' }).initialise(new RandomStreams(2));
    expect(b.getWeights()).not.toEqual(a.getWeights());
    b.setWeights(a.getWeights());
    expect(b.getWeights()).toEqual(a.getWeights());
    const snap = a.getWeights();
    snap['input->hidden1'].weights.pop();
    expect(() => b.setWeights(snap)).toThrow(/"input->hidden1" needs 20 weights \(5×4\), snapshot has 19/);
    expect(() => b.setWeights({ ...a.getWeights(), extra: { weights: [], bias: null } })).toThrow(/snapshot has projection "extra"/);
  });

  it('toJSON / fromJSON rebuild an identical network (through a JSON string)', () => {
    const a = mlp();
    const b = Network.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.toJSON()).toEqual(a.toJSON());
    expect(b.populations.map((p) => [p.name, p.size, p.model])).toEqual(a.populations.map((p) => [p.name, p.size, p.model]));
  });

  it('initialisers draw from per-projection streams with the documented scale', () => {
    const big = layeredNetwork({ sizes: [400, 300, 10], activation: 'relu', output: 'linear', init: 'he-normal' }).initialise(new RandomStreams(3));
    const w = big.projections[0].weights.data;
    const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / 400), 3);
    const glorot = layeredNetwork({ sizes: [400, 300, 10], activation: 'relu', output: 'linear', init: 'glorot-uniform' }).initialise(new RandomStreams(3));
    const limit = Math.sqrt(6 / 700);
    const g = glorot.projections[0].weights.data;
    expect(Math.max(...g)).toBeLessThanOrEqual(limit);
    expect(Math.max(...g)).toBeGreaterThan(0.99 * limit);
    // The same seed gives the same first projection regardless of how many other projections exist.
    const deeper = layeredNetwork({ sizes: [400, 300, 50, 10], activation: 'relu', output: 'linear', init: 'he-normal' }).initialise(new RandomStreams(3));
    expect(Array.from(deeper.projections[0].weights.data)).toEqual(Array.from(w));
  });
});

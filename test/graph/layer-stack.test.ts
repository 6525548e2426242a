/**
 * Conv nets written as a list of layers: every population's shape and parameter count worked out before
 * anything is allocated (checked against the closed-form sizes of the Keras MNIST example and BioTorch's
 * LeNet), the network built from that plan has exactly those shapes, a dense layer reads the last feature
 * maps as one vector without a copy, and every mismatch names both layers and their shapes.
 */
import { describe, expect, it } from 'vitest';
import { type LayerSpec, checkLayers, describeStack, layerNetwork, planLayers } from '../../src/graph/layer-stack.js';
import { planNetwork, buildNetwork } from '../../src/experiment/network-plan.js';
import { layeredNetwork } from '../../src/graph/layered.js';
import { RandomStreams } from '../../src/random/streams.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { ForwardPass } from '../../src/sim/feedforward.js';
import { mulberry32 } from '../support/mulberry32.js';

const MNIST = { inputSize: 784, inputShape: { channels: 1, height: 28, width: 28 }, outputSize: 10 };
const KERAS: LayerSpec[] = [{ conv: 32, kernel: 3 }, { pool: 'max', size: 2 }, { conv: 64, kernel: 3 }, { pool: 'max', size: 2 }, { dense: 64 }];
const LENET: LayerSpec[] = [
  { conv: 6, kernel: 5, padding: 2 }, { pool: 'max', size: 2 }, { conv: 16, kernel: 5 }, { pool: 'max', size: 2 },
  { conv: 120, kernel: 5 }, { dense: 84 },
];
const plan = (layers: unknown, task = MNIST) => planLayers({ layers: layers as LayerSpec[], ...task, activation: 'relu', output: 'softmax' });

describe('layer stacks', () => {
  it('plans the Keras MNIST CNN: 32×26×26 → 32×13×13 → 64×11×11 → 64×5×5 → 64 → 10, 121,930 parameters (Keras prints the same)', () => {
    const p = plan(KERAS);
    expect(p.map((l) => l.name)).toEqual(['input', 'conv1', 'pool1', 'conv2', 'pool2', 'fc1', 'output']);
    expect(p.map((l) => l.size)).toEqual([784, 21632, 5408, 7744, 1600, 64, 10]);
    // Keras's model.summary(): conv 320, conv 18,496, dense 102,464, dense 650.
    expect(p.map((l) => l.parameters)).toEqual([0, 320, 0, 18496, 0, 102464, 650]);
    expect(p.reduce((n, l) => n + l.parameters, 0)).toBe(121930);
    expect(describeStack(p)).toBe('1×28×28 → conv1 32×26×26 → pool1 32×13×13 → conv2 64×11×11 → pool2 64×5×5 → fc1 64 → output 10');
  });

  it("plans BioTorch's LeNet on 28×28 inputs padded by 2 (= 32×32): 6×28×28, 6×14×14, 16×10×10, 16×5×5, 120×1×1, 84, 10", () => {
    const p = plan(LENET);
    expect(describeStack(p)).toBe('1×28×28 → conv1 6×28×28 → pool1 6×14×14 → conv2 16×10×10 → pool2 16×5×5 → conv3 120×1×1 → fc1 84 → output 10');
    // LeNet-5's classic count: 156 + 2,416 + 48,120 + 10,164 + 850.
    expect(p.reduce((n, l) => n + l.parameters, 0)).toBe(156 + 2416 + 48120 + 10164 + 850);
  });

  it('builds the planned shapes and projection kinds; a layer activation overrides the default', () => {
    const layers: LayerSpec[] = [{ conv: 4, kernel: 3, stride: 2, padding: 'same', activation: 'tanh' }, { pool: 'avg', size: 2 }, { dense: 7, activation: 'sigmoid' }];
    const net = layerNetwork({ layers, ...MNIST, activation: 'relu', output: 'softmax' });
    expect(net.populations.map((p) => (p.shape ? `${p.shape.channels}×${p.shape.height}×${p.shape.width}` : String(p.size)))).toEqual(['1×28×28', '4×14×14', '4×7×7', '7', '10']);
    expect(net.projections.map((p) => p.kind.kind)).toEqual(['conv2d', 'pool', 'dense', 'dense']);
    expect(net.populations.map((p) => (p.model.kind === 'rate' ? p.model.activation : p.model.kind))).toEqual(['input', 'tanh', 'linear', 'sigmoid', 'softmax']);
    const planned = plan(layers);
    expect(net.populations.map((p) => p.size)).toEqual(planned.map((l) => l.size));
    expect(net.projections.map((p) => p.weights.data.length + (p.bias?.length ?? 0))).toEqual(planned.slice(1).map((l) => l.parameters));
  });

  it('the dense layer after feature maps reads them as a flat vector: its input is the pool population itself, not a copy', () => {
    const net = layerNetwork({ layers: [{ conv: 2, kernel: 3 }, { pool: 'max', size: 2 }, { dense: 3 }], ...MNIST, activation: 'relu', output: 'softmax' });
    net.initialise(new RandomStreams(3));
    const fc = net.projections.find((p) => p.name === 'pool1->fc1')!;
    expect(fc.kind.kind).toBe('dense');
    expect(fc.weights.rows).toBe(2 * 13 * 13);
    // Forward by hand from the pool's activity in channel-major order equals the network's fc1 pre-activation.
    const rand = mulberry32(5), x = new Matrix(2, 784);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rand();
    const f = new ForwardPass(net).run(x);
    const pool = f.h[net.populations.findIndex((p) => p.name === 'pool1')], fc1 = f.h[net.populations.findIndex((p) => p.name === 'fc1')];
    for (let b = 0; b < 2; b++) {
      for (let j = 0; j < 3; j++) {
        let z = fc.bias![j];
        for (let i = 0; i < fc.weights.rows; i++) z += pool.get(b, i) * fc.weights.get(i, j);
        expect(fc1.get(b, j)).toBeCloseTo(Math.max(0, z), 12);
      }
    }
  });

  it('the hidden form plans as dense layers named hidden1…, and builds the same network bit for bit as before', () => {
    const network = { hidden: [30, 20], activation: 'tanh' as const, output: 'softmax' as const, init: 'glorot-uniform' as const, bias: true };
    const p = planNetwork(network, { inputSize: 784, outputSize: 10 });
    expect(p.map((l) => `${l.name}:${l.size}`)).toEqual(['input:784', 'hidden1:30', 'hidden2:20', 'output:10']);
    const a = buildNetwork(network, { inputSize: 784, outputSize: 10 });
    const b = layeredNetwork({ sizes: [784, 30, 20, 10], activation: 'tanh', output: 'softmax', init: 'glorot-uniform', bias: true });
    a.initialise(new RandomStreams(9));
    b.initialise(new RandomStreams(9));
    expect(a.populations.map((q) => q.name)).toEqual(b.populations.map((q) => q.name));
    a.projections.forEach((q, i) => expect(Array.from(q.weights.data)).toEqual(Array.from(b.projections[i].weights.data)));
  });

  describe('errors name the layer, the layer before it and both shapes', () => {
    const cases: [string, unknown, RegExp, typeof MNIST?][] = [
      ['a kernel larger than the maps', [{ conv: 8, kernel: 5 }, { pool: 'max', size: 4 }, { conv: 8, kernel: 7 }],
        /network\.layers\[2\] \{"conv":8,"kernel":7\} cannot follow layers\[1\] \{"pool":"max","size":4\} \(output 8×6×6\): .*7/],
      ['a pool window larger than the maps', [{ conv: 8, kernel: 3, stride: 9 }, { pool: 'max', size: 5 }],
        /network\.layers\[1\] \{"pool":"max","size":5\} cannot follow layers\[0\] \{"conv":8,"kernel":3,"stride":9\} \(output 8×3×3\)/],
      ['conv after dense', [{ dense: 10 }, { conv: 4, kernel: 3 }], /layers\[1\] \{"conv":4,"kernel":3\} needs feature maps .* layers\[0\] \{"dense":10\} \(output a vector of 10\) is a vector/],
      ['conv on a vector task', [{ conv: 4, kernel: 3 }], /layers\[0\] .*needs feature maps.*the task's input \(a vector of 784\) is a vector.*image inputs/, { inputSize: 784, outputSize: 10 } as never],
      ['two kinds in one layer', [{ conv: 4, dense: 3 }], /network\.layers\[0\]: a layer has exactly one of the keys conv, pool or dense/],
      ['an unknown key', [{ conv: 4, kernel: 3, kernal: 3 }], /network\.layers\[0\]: unknown key "kernal" for a conv layer; valid keys are conv, kernel, stride, padding, activation/],
      ['a zero kernel', [{ conv: 4, kernel: 0 }], /network\.layers\[0\]\.kernel: expected a positive integer, got 0/],
      ['fractional filters', [{ conv: 2.5, kernel: 3 }], /network\.layers\[0\]\.conv: expected a positive integer, got 2\.5/],
      ['a bad padding', [{ conv: 4, kernel: 3, padding: 'full' }], /padding: expected 'valid', 'same' or a whole number of pixels >= 0, got "full"/],
      ['a negative padding', [{ conv: 4, kernel: 3, padding: -1 }], /padding: expected .* got -1/],
      ['a bad pool op', [{ pool: 'min', size: 2 }], /network\.layers\[0\]\.pool: expected 'max' or 'avg', got "min"/],
      ['an unknown activation', [{ dense: 4, activation: 'gelu' }], /network\.layers\[0\]\.activation: unknown activation "gelu"; valid activations are/],
      ['not a list', { conv: 4 }, /network\.layers: expected a list of layers/],
      ['a number as a layer', [32], /network\.layers\[0\]: expected a layer object such as/],
    ];
    for (const [what, layers, message, task] of cases) {
      it(what, () => expect(() => plan(layers, task ?? MNIST)).toThrow(message));
    }
    it('checkLayers (no task) checks keys and values only', () => {
      expect(() => checkLayers('network.layers', [{ conv: 4, kernel: 99 }])).not.toThrow();
      expect(() => checkLayers('network.layers', [{ pool: 'max' }])).toThrow(/network\.layers\[0\]\.size: expected a positive integer, got undefined/);
    });
    it("a task shape that does not hold the task's inputs", () => {
      expect(() => plan(KERAS, { inputSize: 700, inputShape: { channels: 1, height: 28, width: 28 }, outputSize: 10 })).toThrow(/input shape 1×28×28 does not hold its 700 inputs/);
    });
  });
});

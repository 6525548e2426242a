import { Matrix } from '../../src/kernels/matrix.js';
import { layeredNetwork } from '../../src/graph/layered.js';
import type { Network } from '../../src/graph/network.js';
import type { ActivationName } from '../../src/neurons/activations.js';
import { RandomStreams } from '../../src/random/streams.js';

/** A small random network and batch for rule-level tests; everything comes from the seed. */
export function smallProblem(opts: { sizes: number[]; activation: ActivationName; output: ActivationName; batch: number; seed: number; oneHot?: boolean }) {
  const streams = new RandomStreams(opts.seed);
  const net: Network = layeredNetwork({ sizes: opts.sizes, activation: opts.activation, output: opts.output, init: { kind: 'normal', std: 0.8 } });
  net.initialise(streams);
  // Non-zero biases so their gradients are exercised too.
  for (const p of net.projections) streams.stream(`bias/${p.name}`).fillNormal(p.bias!, 0, 0.3);
  const nIn = opts.sizes[0], nOut = opts.sizes[opts.sizes.length - 1];
  const x = new Matrix(opts.batch, nIn);
  streams.stream('x').fillNormal(x.data);
  const y = new Matrix(opts.batch, nOut);
  const ys = streams.stream('y');
  for (let r = 0; r < opts.batch; r++) {
    if (opts.oneHot) y.set(r, ys.int(nOut), 1);
    else for (let j = 0; j < nOut; j++) y.set(r, j, ys.uniform(0.05, 0.95));
  }
  return { net, x, y, streams };
}

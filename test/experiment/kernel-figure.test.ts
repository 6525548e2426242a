/**
 * The first-layer kernel grid of a conv net's report: one tile per filter (a row of tiles per filter for a
 * multi-channel input), each tile the filter's k×k weights scaled by its own largest |w|, null gaps between
 * tiles, a signed colour scale from −1 to 1; no figure for an MLP.
 */
import { describe, expect, it } from 'vitest';
import { layerNetwork } from '../../src/graph/layer-stack.js';
import { layeredNetwork } from '../../src/graph/layered.js';
import { firstLayerKernelFigure } from '../../src/plot/kernel-grid.js';
import { RandomStreams } from '../../src/random/streams.js';

describe('first-layer kernel figure', () => {
  it('tiles each filter, scaled to its largest |w|, in reading order', () => {
    const net = layerNetwork({ layers: [{ conv: 5, kernel: 3 }], inputSize: 64, inputShape: { channels: 1, height: 8, width: 8 }, outputSize: 2, activation: 'relu', output: 'softmax' });
    net.initialise(new RandomStreams(2));
    const w = net.projections[0].weights;
    const fig = firstLayerKernelFigure(net, 'k', 't', 'c')!;
    const z = (fig.data[0] as { z: (number | null)[][] }).z;
    // 5 filters → 3 columns × 2 rows of 3×3 tiles with one-value gaps.
    expect([z.length, z[0].length]).toEqual([2 * 4 - 1, 3 * 4 - 1]);
    for (let f = 0; f < 5; f++) {
      const row = Math.floor(f / 3) * 4, col = (f % 3) * 4;
      const m = Math.max(...Array.from({ length: 9 }, (_, i) => Math.abs(w.get(f, i))));
      for (let i = 0; i < 9; i++) expect(z[row + Math.floor(i / 3)][col + (i % 3)]).toBeCloseTo(w.get(f, i) / m, 14);
    }
    expect(z[3].every((v) => v === null)).toBe(true);
    expect(fig.data[0]).toMatchObject({ zmin: -1, zmax: 1, colorscale: 'RdBu' });
  });

  it('a 3-channel input gives a row of 3 tiles per filter; an MLP gives no figure', () => {
    const net = layerNetwork({ layers: [{ conv: 2, kernel: 2 }], inputSize: 75, inputShape: { channels: 3, height: 5, width: 5 }, outputSize: 2, activation: 'relu', output: 'softmax' });
    net.initialise(new RandomStreams(2));
    const z = (firstLayerKernelFigure(net, 'k', 't', 'c')!.data[0] as { z: unknown[][] }).z;
    expect([z.length, z[0].length]).toEqual([2 * 3 - 1, 3 * 3 - 1]);
    expect(firstLayerKernelFigure(layeredNetwork({ sizes: [4, 3, 2], activation: 'tanh', output: 'softmax' }), 'k', 't', 'c')).toBeNull();
  });
});

import type { Network } from '../graph/network.js';
import type { Figure } from './figure.js';
import { receptiveFieldFigure } from './receptive-fields.js';

/*
 * The first conv layer's kernels as an image grid: what each rule's filters look like after training (BP's
 * edge and stroke detectors beside FA's noisier ones is the picture researchers ask for). Each kernel is
 * scaled by its own largest |w| so that every filter's pattern is visible whatever its norm; red is positive,
 * blue negative. A single-channel input gives one tile per filter; with C channels each filter is a row of C
 * tiles.
 */

/** The kernel figure of the network's first conv2d projection out of an input, or null when it has none. */
export function firstLayerKernelFigure(net: Network, id: string, title: string, caption: string): Figure | null {
  const proj = net.projections.find((p) => p.kind.kind === 'conv2d' && p.pre.isInput);
  if (!proj || proj.kind.kind !== 'conv2d') return null;
  const g = proj.kind.geometry, k = g.kernel, C = g.input.channels, filters = g.output.channels, taps = k * k;
  const w = proj.weights; // filters × (C·k·k), row (c, ky, kx)
  const scale = Array.from({ length: filters }, (_, f) => {
    let m = 0;
    for (let i = 0; i < C * taps; i++) m = Math.max(m, Math.abs(w.get(f, i)));
    return m > 0 ? 1 / m : 0;
  });
  return receptiveFieldFigure(
    id,
    title,
    filters * C,
    k,
    (pixel, tile) => {
      const f = Math.floor(tile / C), c = tile % C;
      return w.get(f, c * taps + pixel) * scale[f];
    },
    caption,
    { columns: C === 1 ? Math.ceil(Math.sqrt(filters)) : C, signed: true, pixels: Math.max(8, Math.floor(160 / k)), colorbarTitle: 'w / max|w|' },
  );
}

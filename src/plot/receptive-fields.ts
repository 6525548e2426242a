import type { Figure } from './figure.js';

/**
 * The input weights of `neurons` neurons, each reshaped to a `side` × `side` image and tiled into a grid
 * (row-major, one tile per neuron, a one-pixel gap between tiles), as one Plotly heatmap: how Diehl & Cook
 * show that STDP neurons learn prototypes of the digits. `weightOf(i, j)` is the weight from input pixel i to
 * neuron j.
 */
export interface TileStyle {
  /** Tiles per row (default: a square-ish grid). */
  columns?: number;
  /** Signed values: a red-blue scale centred on 0 from −1 to 1 (default: 'Hot', for non-negative weights). */
  signed?: boolean;
  /** Screen pixels per value, at most (default 8). */
  pixels?: number;
  colorbarTitle?: string;
}

export function receptiveFieldFigure(id: string, title: string, neurons: number, side: number, weightOf: (pixel: number, neuron: number) => number, caption: string, style: TileStyle = {}): Figure {
  const cols = style.columns ?? Math.ceil(Math.sqrt(neurons)), rows = Math.ceil(neurons / cols), tile = side + 1;
  const z: (number | null)[][] = Array.from({ length: rows * tile - 1 }, () => new Array(cols * tile - 1).fill(null));
  for (let j = 0; j < neurons; j++) {
    const r0 = Math.floor(j / cols) * tile, c0 = (j % cols) * tile;
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) z[r0 + y][c0 + x] = weightOf(y * side + x, j);
  }
  const px = Math.min(720, (style.pixels ?? 8) * cols * tile);
  const scale = style.signed ? { colorscale: 'RdBu', reversescale: false, zmin: -1, zmax: 1, zmid: 0 } : { colorscale: 'Hot', reversescale: true };
  return {
    id,
    title,
    caption,
    data: [{ type: 'heatmap', z, ...scale, showscale: true, hoverinfo: 'z', colorbar: { title: { text: style.colorbarTitle ?? 'w' } } }],
    layout: {
      title: { text: title, font: { size: 15 }, x: 0, xref: 'paper', xanchor: 'left' },
      xaxis: { visible: false, constrain: 'domain' },
      yaxis: { visible: false, autorange: 'reversed', scaleanchor: 'x' },
      width: px + 140,
      height: px * (rows / cols) + 90,
      margin: { l: 20, r: 20, t: 50, b: 20 },
      font: { family: 'Helvetica, Arial, sans-serif', size: 13 },
    },
  };
}

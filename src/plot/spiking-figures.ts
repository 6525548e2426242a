import { axesLayout, type Figure, PALETTE } from './figure.js';

const layout = (title: string, x: string, y: string) => axesLayout(title, x, y, { height: 440, bottom: 90, legendY: -0.28 });

/** Spike raster: one dot per spike, groups (e.g. excitatory, inhibitory) stacked and coloured. */
export function rasterFigure(id: string, title: string, groups: { label: string; indices: ArrayLike<number>; times: ArrayLike<number>; offset: number }[], caption: string): Figure {
  return {
    id,
    title,
    caption,
    data: groups.map((g, i) => ({
      type: 'scattergl',
      mode: 'markers',
      name: g.label,
      x: Array.from(g.times),
      y: Array.from(g.indices, (v) => v + g.offset),
      marker: { size: 2, color: PALETTE[i % PALETTE.length] },
    })),
    layout: layout(title, 'time (ms)', 'neuron'),
  };
}

/** Lines of y against x, one per series. */
export function lineFigure(id: string, title: string, xTitle: string, yTitle: string, series: { label: string; x: ArrayLike<number>; y: ArrayLike<number> }[], caption: string): Figure {
  return {
    id,
    title,
    caption,
    data: series.map((s, i) => ({ type: 'scatter', mode: 'lines', name: s.label, x: Array.from(s.x), y: Array.from(s.y), line: { width: 1.5, color: PALETTE[i % PALETTE.length] } })),
    layout: layout(title, xTitle, yTitle),
  };
}

/** Population rate over time, one line per group. */
export function rateFigure(id: string, title: string, series: { label: string; t: ArrayLike<number>; hz: ArrayLike<number> }[], caption: string): Figure {
  return lineFigure(id, title, 'time (ms)', 'population rate (Hz)', series.map((s) => ({ label: s.label, x: s.t, y: s.hz })), caption);
}

/** Histogram of values (e.g. per-neuron firing rates or ISI CVs). */
export function histogramFigure(id: string, title: string, xTitle: string, series: { label: string; values: ArrayLike<number> }[], caption: string, yTitle = 'neurons'): Figure {
  return {
    id,
    title,
    caption,
    data: series.map((s, i) => ({ type: 'histogram', name: s.label, x: Array.from(s.values), opacity: 0.65, marker: { color: PALETTE[i % PALETTE.length] } })),
    layout: { ...layout(title, xTitle, yTitle), barmode: 'overlay' },
  };
}

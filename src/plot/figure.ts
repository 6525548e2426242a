/**
 * The plain data every figure is made of, in a leaf module: rules, simulations and the runner create
 * figures and the report renders them, so this type must depend on nothing else in the engine.
 */

/** A Plotly figure as plain data (traces + layout), serialisable into the report. */
export interface Figure {
  id: string;
  title: string;
  caption: string;
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** A qualitative palette that stays distinguishable in print and for common colour-vision deficiencies (Okabe & Ito). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/**
 * The house style of every figure with axes (title at the top left, white template, legend below), so that
 * figures from the report, the rules and the simulations look alike; `size` adjusts the frame.
 */
export function axesLayout(title: string, xTitle: string, yTitle: string, size: { height: number; bottom: number; legendY: number }): Record<string, unknown> {
  return {
    title: { text: title, font: { size: 15 }, x: 0, xref: 'paper', xanchor: 'left' },
    xaxis: { title: { text: xTitle }, zeroline: false },
    yaxis: { title: { text: yTitle }, zeroline: false },
    template: 'plotly_white',
    font: { family: 'Helvetica, Arial, sans-serif', size: 13 },
    legend: { orientation: 'h', y: size.legendY },
    margin: { l: 70, r: 20, t: 50, b: size.bottom },
    width: 760,
    height: size.height,
  };
}

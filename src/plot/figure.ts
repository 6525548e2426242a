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

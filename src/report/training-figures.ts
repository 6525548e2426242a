import type { RunRecord } from '../experiment/records.js';
import { meanStd, summarise } from '../experiment/summary.js';
import type { EpochMetrics } from '../training/metrics.js';
import { axesLayout, type Figure, PALETTE } from '../plot/figure.js';

function rgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

const baseLayout = (title: string, xTitle: string, yTitle: string) => axesLayout(title, xTitle, yTitle, { height: 480, bottom: 110, legendY: -0.25 });

type Series = { label: string; runs: RunRecord[] };

function seriesByRule(records: RunRecord[], task: string): Series[] {
  const out = new Map<string, RunRecord[]>();
  for (const r of records) {
    if (r.taskLabel !== task || r.status === 'failed') continue;
    const grid = Object.entries(r.grid).map(([k, v]) => `${k.split('.').pop()}=${JSON.stringify(v)}`).join(' ');
    const label = grid ? `${r.ruleLabel} (${grid})` : r.ruleLabel;
    if (!out.has(label)) out.set(label, []);
    out.get(label)!.push(r);
  }
  return [...out.entries()].map(([label, runs]) => ({ label, runs }));
}

/** Reads one number from an epoch's metrics (undefined or null where the run has no such value). */
export type EpochValue = (m: EpochMetrics) => number | null | undefined;

export interface CurveOptions {
  id: string;
  title: string;
  yTitle: string;
  caption?: string;
  scale?: number;
  /** A ± std band must not suggest impossible values (accuracy above 100%, negative loss). */
  bounds?: [number, number];
}

/** Mean ± std over seeds of one per-epoch value, as a line with a shaded band, one colour per rule. */
export function curveFigure(records: RunRecord[], task: string, value: EpochValue, o: CurveOptions): Figure {
  const scale = o.scale ?? 1;
  const clip = (v: number) => (o.bounds ? Math.min(o.bounds[1], Math.max(o.bounds[0], v)) : v);
  const data: Record<string, unknown>[] = [];
  seriesByRule(records, task).forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const maxEpoch = Math.max(...s.runs.map((r) => (r.epochs.length ? r.epochs[r.epochs.length - 1].epoch : 0)));
    const xs: number[] = [], mean: number[] = [], lo: number[] = [], hi: number[] = [];
    for (let e = 0; e <= maxEpoch; e++) {
      const vals = s.runs.map((r) => {
        const m = r.epochs.find((q) => q.epoch === e);
        return m ? value(m) : undefined;
      });
      const st = meanStd(vals);
      if (st.n === 0) continue;
      xs.push(e);
      mean.push(st.mean * scale);
      lo.push(clip((st.mean - st.std) * scale));
      hi.push(clip((st.mean + st.std) * scale));
    }
    if (xs.length === 0) return;
    const n = s.runs.length;
    data.push({ x: [...xs, ...xs.slice().reverse()], y: [...hi, ...lo.slice().reverse()], fill: 'toself', fillcolor: rgba(color, 0.18), line: { width: 0 }, hoverinfo: 'skip', showlegend: false, type: 'scatter', legendgroup: s.label });
    data.push({ x: xs, y: mean, mode: xs.length <= 30 ? 'lines+markers' : 'lines', marker: { size: 5 }, line: { color, width: 2 }, name: `${s.label} (n=${n})`, type: 'scatter', legendgroup: s.label });
  });
  const title = `${task}: ${o.title}`;
  return {
    id: `${task}-${o.id}`,
    title,
    caption: o.caption ?? 'Mean over seeds; the band is ± one standard deviation. Epoch 0 is the untrained network.',
    data,
    layout: baseLayout(title, 'epoch', o.yTitle),
  };
}

const DIAGNOSTICS: Record<string, { title: string; yTitle: string; caption: string; bounds?: [number, number] }> = {
  updateAngle: {
    title: 'angle between the rule\'s update and the gradient',
    yTitle: 'angle (degrees)',
    caption: 'Angle between the weight update each rule proposes and the true backprop gradient, on a fixed probe batch of training examples (0° = the gradient direction, 90° = orthogonal). Mean ± std over seeds.',
    bounds: [0, 180],
  },
  feedbackAngle: {
    title: 'angle between feedback and forward weights',
    yTitle: 'angle (degrees)',
    caption: 'Angle between the matrix that carries errors back through this projection and the forward weights it stands in for (0° = exact weight transport, as in backprop). Mean ± std over seeds.',
    bounds: [0, 180],
  },
  firingRate: {
    title: 'firing rate',
    yTitle: 'spikes per neuron per second (Hz)',
    caption: 'Mean firing rate of the spiking population on the test set after each epoch (epoch 0: untrained). Mean ± std over seeds.',
    bounds: [0, Infinity],
  },
  inverseError: {
    title: 'inverse reconstruction error',
    yTitle: '½‖g(f(h)) − h‖² (mean over probe examples)',
    caption: 'How well each learned inverse g undoes its forward projection f on the probe batch (target propagation). Mean ± std over seeds.',
    bounds: [0, Infinity],
  },
};

/** One figure per diagnostic kind and projection (e.g. updateAngle/input->hidden1), lines per rule. */
export function diagnosticFigures(records: RunRecord[], task: string): Figure[] {
  const keys = new Set<string>();
  for (const r of records) if (r.taskLabel === task) for (const e of r.epochs) for (const k of Object.keys(e.diagnostics ?? {})) keys.add(k);
  const figs: Figure[] = [];
  for (const [kind, meta] of Object.entries(DIAGNOSTICS)) {
    for (const key of [...keys].filter((k) => k.startsWith(`${kind}/`)).sort()) {
      const proj = key.slice(kind.length + 1);
      figs.push(
        curveFigure(records, task, (m) => m.diagnostics?.[key], {
          id: key.replace(/[^\w-]+/g, '_'),
          title: `${meta.title}, ${proj}`,
          yTitle: meta.yTitle,
          caption: meta.caption,
          bounds: meta.bounds,
        }),
      );
    }
  }
  return figs;
}

/** Final test accuracy per rule with ± std error bars over seeds. */
export function finalAccuracyFigure(records: RunRecord[], task: string): Figure {
  const rows = summarise(records.filter((r) => r.taskLabel === task));
  const labels = rows.map((r) => (r.grid ? `${r.rule} ${r.grid}` : r.rule));
  // Horizontal bars, the value written beside each rule's name: long names stay readable and no label
  // collides with an error bar.
  const pct = (m: number, sd: number) => (Number.isFinite(m) ? `${(100 * m).toFixed(2)} ± ${(100 * sd).toFixed(2)}%` : 'no completed run');
  const data = [{
    type: 'bar',
    orientation: 'h',
    y: labels.map((l, i) => `${l}  ${pct(rows[i].testAccuracyMean, rows[i].testAccuracyStd)}`),
    x: rows.map((r) => 100 * r.testAccuracyMean),
    error_x: { type: 'data', array: rows.map((r) => 100 * r.testAccuracyStd), visible: true, color: '#333' },
    marker: { color: labels.map((_, i) => PALETTE[i % PALETTE.length]) },
  }];
  const finite = rows.map((r) => 100 * r.testAccuracyMean).filter(Number.isFinite);
  const low = finite.length ? Math.max(0, Math.min(...finite) - 5) : 0;
  const layout = baseLayout(`${task}: final test accuracy`, 'test accuracy (%)', '');
  (layout.xaxis as Record<string, unknown>).range = [low, 100];
  layout.yaxis = { autorange: 'reversed', automargin: true };
  layout.showlegend = false;
  layout.bargap = 0.25;
  layout.height = Math.max(260, 90 + 34 * rows.length);
  layout.margin = { l: 20, r: 20, t: 50, b: 60 };
  return { id: `${task}-final-accuracy`, title: `${task}: final test accuracy`, caption: 'Mean over seeds of the last epoch\'s test accuracy; error bars are ± one standard deviation.', data, layout };
}

/** The standard figure set for a minibatch experiment, task by task. */
export function experimentFigures(records: RunRecord[]): Figure[] {
  const tasks = [...new Set(records.map((r) => r.taskLabel))];
  const figs: Figure[] = [];
  for (const task of tasks) {
    const classification = records.some((r) => r.taskLabel === task && r.final.testAccuracy !== null);
    if (classification) {
      figs.push(curveFigure(records, task, (m) => m.testAccuracy, { id: 'test-accuracy', title: 'test accuracy', yTitle: 'test accuracy (%)', scale: 100, bounds: [0, 100] }));
      // The same curves zoomed on the best rules, which full scale squeezes into one line.
      const finals = summarise(records.filter((r) => r.taskLabel === task)).map((r) => 100 * r.testAccuracyMean).filter(Number.isFinite);
      if (finals.length > 1) {
        const best = Math.max(...finals);
        const zoom = curveFigure(records, task, (m) => m.testAccuracy, {
          id: 'test-accuracy-zoom',
          title: 'test accuracy, zoomed on the best rules',
          yTitle: 'test accuracy (%)',
          scale: 100,
          bounds: [0, 100],
          caption: `The curves above, with the vertical axis from ${(best - 3).toFixed(1)}% to ${Math.min(100, best + 0.5).toFixed(1)}%; rules below that range leave the plot.`,
        });
        (zoom.layout.yaxis as Record<string, unknown>).range = [best - 3, Math.min(100, best + 0.5)];
        figs.push(zoom);
      }
      figs.push(finalAccuracyFigure(records, task));
    }
    figs.push(curveFigure(records, task, (m) => m.testLoss, { id: 'test-loss', title: 'test loss', yTitle: 'test loss', bounds: [0, Infinity] }));
    figs.push(curveFigure(records, task, (m) => m.trainLoss, { id: 'train-loss', title: 'training loss', yTitle: 'training loss', bounds: [0, Infinity] }));
    figs.push(...diagnosticFigures(records, task));
  }
  return figs;
}

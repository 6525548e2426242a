import { allocF64 } from '../kernels/backend.js';
import type { Figure } from '../plot/figure.js';
import { lineFigure, rasterFigure } from '../plot/spiking-figures.js';
import { type SequenceBatch, SequenceSimulator } from './sequence-simulator.js';
import type { SpikingNetwork } from './spiking-network.js';

/**
 * What a trained spiking network does on one example: a raster of its input and hidden spikes, and the
 * membranes of a few hidden neurons with their thresholds (ϑ, or ϑ + β a for ALIF, which rises after each
 * spike and decays back). `batch` holds the example first (others in it are ignored).
 */
export function activityFigures(net: SpikingNetwork, batch: SequenceBatch, label: string, shown = 4): Figure[] {
  const T = batch.steps, N = net.size, I = net.inputSize, dt = net.spec.dt ?? 1;
  const traced = Math.min(shown, N);
  const v = Array.from({ length: traced }, () => allocF64(T)), thr = Array.from({ length: traced }, () => allocF64(T));
  const inTimes: number[] = [], inIds: number[] = [], hidTimes: number[] = [], hidIds: number[] = [];
  const sim = new SequenceSimulator(net, false);
  sim.run(batch, {
    afterStep(s, t) {
      const x = s.x(t).data, z = s.z(t).data;
      for (let i = 0; i < I; i++) if (x[i] !== 0) (inTimes.push(t * dt), inIds.push(i));
      for (let j = 0; j < N; j++) if (z[j] !== 0) (hidTimes.push(t * dt), hidIds.push(j));
      for (let j = 0; j < traced; j++) {
        v[j][t - 1] = s.membrane[j];
        thr[j][t - 1] = net.threshold + net.beta * s.adaptation[j];
      }
    },
  });
  const time = Float64Array.from({ length: T }, (_, t) => (t + 1) * dt);
  const raster = rasterFigure(`spike-raster`, `${label}: spikes on one test example (label ${batch.labels[0]})`, [
    { label: `input (${I})`, indices: inIds, times: inTimes, offset: 0 },
    { label: `hidden ${net.adaptive ? 'ALIF' : 'LIF'} (${N})`, indices: hidIds, times: hidTimes, offset: I },
  ], `Input spikes (bottom, neurons 0–${I - 1}) and the hidden layer's (top) after training, for the first test example.`);
  // ALIF: each neuron's own threshold, dotted in its colour; LIF: the one fixed threshold ϑ.
  const thresholds = net.adaptive ? thr.map((y, j) => ({ label: `threshold, neuron ${j}`, x: time, y })) : [{ label: 'threshold ϑ', x: time, y: thr[0] }];
  const membranes = lineFigure(`membranes`, `${label}: membranes${net.adaptive ? ' and adaptive thresholds' : ''} of ${traced} hidden neurons`, 'time (ms)', 'v (thresholds dotted)', [
    ...v.map((y, j) => ({ label: `v, neuron ${j}`, x: time, y })),
    ...thresholds,
  ], `Membrane v of hidden neurons 0–${traced - 1} on the same example (each spike resets it by ϑ)${net.adaptive ? ', and their adaptive thresholds ϑ + β a, which rise after each spike and decay back' : ', and the threshold ϑ'}.`);
  membranes.data.forEach((trace, k) => {
    if (k < traced) return;
    const own = net.adaptive ? (membranes.data[k - traced].line as { color: string }).color : '#000000';
    trace.line = { ...(trace.line as object), dash: 'dot', color: own };
  });
  return [raster, membranes];
}

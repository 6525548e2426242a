import type { Population } from '../graph/population.js';
import type { ClockSimulator } from '../sim/clock.js';
import { PopulationRateMonitor, SpikeMonitor } from '../sim/monitors.js';
import { spikeStatistics } from '../sim/spike-statistics.js';
import { histogramFigure, rasterFigure, rateFigure } from '../plot/spiking-figures.js';
import type { Figure } from '../plot/figure.js';

/**
 * Runs an excitatory/inhibitory network that is already built and measures what the Vogels & Abbott /
 * Brette et al. benchmarks report: mean rates, fraction of silent neurons, mean ISI CV, setup and
 * simulation time; figures: raster, population rate, per-neuron rate histogram.
 */
export function measureExcInh(label: string, sim: ClockSimulator, exc: Population, inh: Population, durationMs: number, extra: { synapses: number; setupSeconds: number }, log: (m: string) => void): { metrics: Record<string, number>; figures: Figure[] } {
  // At most 20 million spikes per population (160 MB), but storage grows with what the run emits: a benchmark
  // run at a few Hz records tens of thousands of spikes and allocates well under a megabyte each.
  const monitors = [exc, inh].map((pop) => ({ spikes: sim.addMonitor(new SpikeMonitor(pop, 20_000_000)), rate: sim.addMonitor(new PopulationRateMonitor(pop)) }));
  const t0 = performance.now();
  sim.run(durationMs);
  const simulationSeconds = (performance.now() - t0) / 1000;
  const trainsE = monitors[0].spikes.trains(), trainsI = monitors[1].spikes.trains();
  const all = spikeStatistics([...trainsE, ...trainsI], durationMs);
  const e = spikeStatistics(trainsE, durationMs), i = spikeStatistics(trainsI, durationMs);
  log(`${label}: ${exc.size + inh.size} neurons, ${extra.synapses} synapses, ${all.meanRate.toFixed(2)} Hz, setup ${extra.setupSeconds.toFixed(2)} s, simulation ${simulationSeconds.toFixed(2)} s`);
  const shownE = Math.min(400, exc.size), shownI = Math.min(100, inh.size);
  const pick = (m: SpikeMonitor, limit: number) => {
    const idx = m.indices(), t = m.times();
    const keep = Array.from(idx.keys()).filter((k) => idx[k] < limit);
    return { indices: keep.map((k) => idx[k]), times: keep.map((k) => t[k]) };
  };
  const rateHz = (trains: Float64Array[]) => trains.map((tr) => tr.length / (durationMs / 1000));
  return {
    metrics: {
      meanRateHz: all.meanRate,
      excRateHz: e.meanRate,
      inhRateHz: i.meanRate,
      silentFraction: all.silentFraction,
      meanIsiCv: all.meanIsiCv,
      synapses: extra.synapses,
      setupSeconds: extra.setupSeconds,
      simulationSeconds,
      spikesDropped: monitors[0].spikes.dropped + monitors[1].spikes.dropped,
    },
    figures: [
      rasterFigure('raster', `${label}: spike raster (first ${shownE} excitatory, first ${shownI} inhibitory neurons)`, [
        { label: 'excitatory', ...pick(monitors[0].spikes, shownE), offset: 0 },
        { label: 'inhibitory', ...pick(monitors[1].spikes, shownI), offset: shownE },
      ], 'Each dot is a spike of one neuron.'),
      rateFigure('rate', `${label}: population rate (1 ms bins)`, [
        { label: 'excitatory', ...monitors[0].rate.rates(1) },
        { label: 'inhibitory', ...monitors[1].rate.rates(1) },
      ], 'Spikes per neuron per second in 1 ms bins.'),
      histogramFigure('rates-hist', `${label}: firing rates of individual neurons`, 'rate (Hz)', [
        { label: 'excitatory', values: rateHz(trainsE) },
        { label: 'inhibitory', values: rateHz(trainsI) },
      ], 'Distribution over neurons of the mean rate during the run; silent neurons sit at 0 Hz.'),
    ],
  };
}

/** Summary statistics of spike trains, as reported for the Vogels & Abbott / Brette et al. benchmarks. */
export interface SpikeStatistics {
  /** Mean firing rate over all neurons (Hz). */
  meanRate: number;
  /** Fraction of neurons that did not spike. */
  silentFraction: number;
  /** Mean over neurons with at least 3 spikes of CV = std(ISI)/mean(ISI) (population std, ddof 0). */
  meanIsiCv: number;
  /** Neurons that entered the CV average. */
  cvNeurons: number;
}

export function spikeStatistics(trains: readonly Float64Array[], durationMs: number): SpikeStatistics {
  let spikes = 0, silent = 0, cvSum = 0, cvN = 0;
  for (const tr of trains) {
    spikes += tr.length;
    if (tr.length === 0) silent++;
    if (tr.length >= 3) {
      let mean = 0;
      for (let k = 1; k < tr.length; k++) mean += tr[k] - tr[k - 1];
      mean /= tr.length - 1;
      let v = 0;
      for (let k = 1; k < tr.length; k++) v += (tr[k] - tr[k - 1] - mean) ** 2;
      cvSum += Math.sqrt(v / (tr.length - 1)) / mean;
      cvN++;
    }
  }
  const n = trains.length;
  return { meanRate: n ? spikes / n / (durationMs / 1000) : NaN, silentFraction: n ? silent / n : NaN, meanIsiCv: cvN ? cvSum / cvN : NaN, cvNeurons: cvN };
}

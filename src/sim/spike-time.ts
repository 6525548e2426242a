/**
 * The spike-time convention of the whole engine, stated once: a spike reported by step k, the step that
 * integrates from t = k·dt to (k + 1)·dt and finds the neuron above threshold at its end, is stamped
 * t = k·dt, the START of its step, as Brian2 stamps it. Source spikes are stamped the same way: a Poisson or
 * spike-generator spike at any time in [k·dt, (k + 1)·dt) belongs to step k and is stamped k·dt.
 *
 * So a neuron whose voltage crosses threshold at continuous time T inside step k is stamped k·dt, less than
 * one step before T, and intervals between spikes are whole multiples of dt. `SpikeMonitor.times()` and
 * `trains()`, the STDP rules' timing (rules/stdp.ts) and the tests' single-neuron helper
 * (test/neurons/spiking/simulate.ts) all use this function, so they cannot drift apart.
 */
export function spikeTime(step: number, dt: number): number {
  return step * dt;
}

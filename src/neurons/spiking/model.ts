/**
 * Spiking neuron models for the clock-driven simulator.
 *
 * Units throughout: time in ms, voltage in mV, current in nA, conductance in nS, capacitance in nF
 * (so nS·mV = pA… see each model's header for the exact convention it uses).
 *
 * State is struct-of-arrays: one Float64Array of length N per state variable, named by the model
 * (e.g. v, ge, gi, w, lastSpike). Synaptic input arrives by projections adding a weight to a named
 * state variable of the target (e.g. "ge" += w on a presynaptic spike); the model's `step` then
 * integrates every variable over one time step, applies threshold and reset, handles refractoriness,
 * and lists the indices of the neurons that spiked.
 */
export type SpikingState = Record<string, Float64Array>;

export interface SpikingModel<P extends Record<string, number> = Record<string, number>> {
  /** Registered name, e.g. 'lif', 'adex', 'izhikevich'. */
  readonly name: string;
  /** Every state variable, in a fixed order (monitors and reset() use it). */
  readonly variables: readonly string[];
  /** State variables a projection may target with spikes (e.g. ['ge', 'gi'] or ['I']). */
  readonly synapticTargets: readonly string[];
  /**
   * State variables that hold what a neuron has adapted over many trials rather than its momentary state
   * (e.g. lif-adaptive's threshold θ): `ClockSimulator.newTrial()` keeps them, as it keeps the weights, while
   * it restores every other variable; `reset()` restores them too. Default: none. Fast adaptation that a
   * trial should start without (AdEx's w, Izhikevich's u) does not belong here.
   */
  readonly persistentVariables?: readonly string[];
  /** Every parameter with its default value and unit in the doc comment of the implementing file. */
  readonly defaults: P;
  /**
   * Checks parameters (throwing an Error that names the parameter and the expected range) and
   * precomputes whatever `step` needs for this dt (decay factors, propagators); called once per run.
   */
  prepare(params: P, dt: number): PreparedModel;
}

/** A model bound to its parameters and time step. */
export interface PreparedModel {
  /** Allocates the state of n neurons, at rest (v = resting/reset potential, synaptic variables 0). */
  createState(n: number): SpikingState;
  /** Sets every variable of `state` back to its resting value (in place, no allocation). */
  resetState(state: SpikingState): void;
  /**
   * Advances all neurons from time t to t + dt (ms), then applies threshold, reset and refractoriness.
   * Writes the indices of neurons that spiked during the step into `spikes` (length ≥ n) in increasing
   * order and returns how many there were. Must not allocate.
   */
  step(state: SpikingState, n: number, t: number, spikes: Int32Array): number;
}

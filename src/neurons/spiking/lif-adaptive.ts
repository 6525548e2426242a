import type { PreparedModel, SpikingModel, SpikingState } from './model.js';
import { LIF_CONDUCTANCE_PARAMS, lifWasmThreshold, checkResetBelowThreshold, conductanceStepConstants, membraneDecay } from './lif.js';
import { countDown, holdRefractory, spike } from './lif-spike-reset.js';
import { checkDt, checkStepArgs, defaultsOf, resolveParams, type ParamTable } from './params.js';
import { allocState, fillState } from './state.js';
import { exp } from '../../kernels/math.js';
import { HeapKernels } from '../../kernels/heap-kernels.js';

/**
 * Conductance-based LIF with an adaptive threshold (homeostasis), the excitatory neuron of Diehl & Cook
 * (2015, Front. Comput. Neurosci. 9:99):
 *   τm dv/dt = (El − v) + ge·(Ee − v) + gi·(Ei − v) + I,   τe dge/dt = −ge,   τi dgi/dt = −gi,
 *   τθ dθ/dt = −θ,   spike when v > Vt + θ, then v ← Vr and θ ← θ + θ+.
 * Every neuron that fires raises its own threshold, so a neuron that wins too often for one input pattern
 * becomes harder to fire and leaves other patterns to its neighbours; with τθ of hours (default 10⁷ ms, the
 * paper's) θ is in effect a running spike count.
 *
 * The membrane, conductances, refractoriness and integration are exactly those of `lif-cond` (see lif.ts:
 * exponential-Euler step with the exact mean conductances over the step, refractory countdown); θ decays
 * exactly (θ ← θ·e^{−dt/τθ}) before the threshold test of each step. Paper's values in this model's terms:
 * El = Vr = −65 mV, Ee = 0, Ei = −100 mV, τm 100 ms, τe 1 ms, τi 2 ms, tRef 5 ms, Vt = −72 mV, θ0 = 20 mV
 * (θ's initial value, so the first threshold is −52 mV), θ+ = 0.05 mV. All of θ decays, θ0 included: a
 * neuron that rarely fires slowly becomes easier to fire, down to Vt, below its reset potential.
 * A population frozen for evaluation (the paper's test mode) uses θ+ = 0 and keeps its learned θ.
 * θ is a persistent variable: `ClockSimulator.newTrial()` keeps it (with the weights) while it restores v,
 * ge, gi, refractory and blocked; `reset()` restores θ to θ0 as well.
 *
 * `minInterval` (default 0: off) disables the threshold for that long after each spike while v integrates
 * freely once the refractory period is over: the `timer` of Diehl & Cook's code, which grows at 0.1 ms per
 * ms and must exceed 5 ms, i.e. 50 ms between two spikes of an excitatory neuron (state `blocked`: the time
 * left, counted down like `refractory`).
 */
export type LifAdaptiveParams = {
  tauM: number;
  tauE: number;
  tauI: number;
  El: number;
  Ee: number;
  Ei: number;
  I: number;
  Vt: number;
  Vr: number;
  tRef: number;
  thetaPlus: number;
  tauTheta: number;
  minInterval: number;
  theta0: number;
};

const PARAMS: ParamTable<LifAdaptiveParams> = {
  ...LIF_CONDUCTANCE_PARAMS,
  tauM: { value: 100, unit: 'ms', range: 'positive', about: 'membrane time constant' },
  tauE: { value: 1, unit: 'ms', range: 'positive', about: 'excitatory conductance time constant' },
  tauI: { value: 2, unit: 'ms', range: 'positive', about: 'inhibitory conductance time constant' },
  El: { value: -65, unit: 'mV', range: 'any', about: 'leak reversal (resting) potential' },
  Ei: { value: -100, unit: 'mV', range: 'any', about: 'inhibitory reversal potential' },
  I: { value: 0, unit: 'mV', range: 'any', about: 'constant input, voltage-equivalent (current / leak conductance)' },
  Vt: { value: -52, unit: 'mV', range: 'any', about: 'spike threshold at θ = 0' },
  Vr: { value: -65, unit: 'mV', range: 'any', about: 'reset potential' },
  thetaPlus: { value: 0.05, unit: 'mV', range: 'nonNegative', about: 'threshold increase per spike' },
  tauTheta: { value: 1e7, unit: 'ms', range: 'positive', about: 'decay time constant of the threshold increase' },
  minInterval: { value: 0, unit: 'ms', range: 'nonNegative', about: 'shortest interval between two spikes (threshold disabled that long after a spike)' },
  theta0: { value: 0, unit: 'mV', range: 'any', about: 'initial θ (it decays towards 0 like the spike-driven part)' },
};

const VARIABLES = Object.freeze(['v', 'ge', 'gi', 'refractory', 'theta', 'blocked'] as const);
const TARGETS = Object.freeze(['ge', 'gi'] as const);

export const lifAdaptive: SpikingModel<LifAdaptiveParams> = Object.freeze({
  name: 'lif-adaptive',
  variables: VARIABLES,
  synapticTargets: TARGETS,
  persistentVariables: Object.freeze(['theta'] as const),
  defaults: defaultsOf(PARAMS),
  prepare(params: LifAdaptiveParams, dt: number): PreparedModel {
    const model = 'lif-adaptive';
    checkDt(model, dt);
    const p = resolveParams(model, PARAMS, params);
    // The starting threshold is Vt + θ0. Later θ may decay below Vr − Vt (Diehl & Cook: Vt −72, Vr −65): a
    // neuron that stays silent that long then fires on its own, the other half of the homeostasis.
    checkResetBelowThreshold(model, { Vr: p.Vr, Vt: p.Vt + p.theta0 });
    const { drive, dE, dI, mE, mI, dtOverTauM, pM, refTime, halfDt } = conductanceStepConstants(p, dt);
    const { Ee, Ei, Vt, Vr, thetaPlus } = p;
    const dTheta = exp(-dt / p.tauTheta);
    const initial = [p.El, 0, 0, 0, p.theta0, 0];
    const minInterval = p.minInterval;
    const fast = HeapKernels.get(), at = fast?.binding();
    return {
      createState: (n: number) => allocState(VARIABLES, initial, n),
      resetState: (state: SpikingState) => fillState(model, VARIABLES, initial, state),
      step(state: SpikingState, n: number, _t: number, spikes: Int32Array): number {
        const v = state.v, ge = state.ge, gi = state.gi, ref = state.refractory, theta = state.theta, blocked = state.blocked;
        checkStepArgs(model, v, n, spikes);
        // The same loop in the WebAssembly module (src/kernels/wasm/assembly/neurons.ts) when the state lives in its heap.
        if (at && n >= lifWasmThreshold.neurons && at.bind(v, ge, gi, ref, theta, blocked, spikes)) {
          return fast!.kernels.lifAdaptiveStep(at.o0, at.o1, at.o2, at.o3, at.o4, at.o5, at.o6, n, drive, mE, mI, Ee, Ei, dtOverTauM, pM, dE, dI, dTheta, Vt, Vr, refTime, dt, halfDt, thetaPlus, minInterval);
        }
        let count = 0;
        for (let i = 0; i < n; i++) {
          const e = ge[i], g = gi[i];
          ge[i] = e * dE;
          gi[i] = g * dI;
          const th = theta[i] * dTheta;
          theta[i] = th;
          // The minimum-interval timer counts down through refractoriness too; while it runs, no threshold.
          const b = blocked[i];
          if (b > 0) countDown(blocked, i, b, dt, halfDt);
          const r = ref[i];
          if (r > 0) {
            holdRefractory(ref, v, i, r, dt, halfDt, Vr);
            continue;
          }
          const eMean = e * mE, iMean = g * mI;
          const total = 1 + eMean + iMean;
          const vInf = (drive + eMean * Ee + iMean * Ei) / total;
          const vNext = vInf + (v[i] - vInf) * membraneDecay(total, dtOverTauM, pM);
          if (vNext > Vt + th && !(b - dt > halfDt)) {
            spike(v, ref, spikes, count++, i, Vr, refTime);
            // The adaptive part of a spike: the threshold rises by θ+ and the interval timer restarts.
            theta[i] = th + thetaPlus;
            blocked[i] = minInterval;
          } else {
            v[i] = vNext;
          }
        }
        return count;
      },
    };
  },
});

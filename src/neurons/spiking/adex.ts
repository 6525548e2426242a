import type { PreparedModel, SpikingModel, SpikingState } from './model.js';
import { checkDt, checkStepArgs, defaultsOf, paramError, resolveParams, stepMean, type ParamTable } from './params.js';
import { allocState, fillState } from './state.js';
import { exp, expm1 } from '../../kernels/math.js';

/**
 * Adaptive exponential integrate-and-fire neuron (AdEx), Brette & Gerstner (2005), J. Neurophysiol. 94:3637:
 *   C dv/dt = −gL(v − EL) + gL·ΔT·exp((v − VT)/ΔT) − w + I + Isyn
 *   τw dw/dt = a(v − EL) − w
 *   τsyn dIsyn/dt = −Isyn                         (current-based exponential synapse; projections add to Isyn)
 *   spike when v > Vpeak:  v ← Vr,  w ← w + b      (no refractory period, as in the paper)
 * Units: C in pF, conductances in nS, potentials in mV, time in ms, currents (w, I, Isyn, b) in pA; so
 * C dv/dt is in pF·mV/ms = pA and nS·mV = pA.
 * Defaults are the paper's regular-spiking example: C 281 pF, gL 30 nS, EL −70.6 mV,
 * VT −50.4 mV, ΔT 2 mV, τw 144 ms, a 4 nS, b 80.5 pA, with Vr = EL = −70.6 mV. The paper lets v diverge and
 * only needs some cut-off; we use the common choice Vpeak = VT + 5ΔT = −40.4 mV, where the exponential term is
 * e⁵ ≈ 148 times its value at VT and v runs away within a fraction of a millisecond, so the spike time
 * hardly depends on it. Both defaults are numbers, not formulas: change Vr and Vpeak too when you change EL,
 * VT or ΔT. I (constant input) defaults to 0 pA, τsyn to 5 ms.
 * Initial state: v = EL, w = 0, Isyn = 0.
 *
 * Integration (exponential Rosenbrock–Euler for v, exponential Euler for w): each step linearises the
 * right-hand side of the v equation around the start value v₀, with w, I and Isyn held fixed,
 *   C dv/dt ≈ R₀ + J·(v − v₀),   R₀ = −gL(v₀ − EL) + F(v₀) − w + I + Īsyn,
 *   J = dF/dv(v₀) − gL = gL·exp((v₀ − VT)/ΔT) − gL,   F(v) = gL·ΔT·exp((v − VT)/ΔT),
 * and solves that linear equation exactly:
 *   v ← v₀ + (dt/C)·R₀·φ(J·dt/C),   φ(x) = (eˣ − 1)/x,  φ(0) = 1.
 * Well below VT (F ≈ 0) this is the exact leak propagator (φ = (1 − e^{−gL·dt/C})/(gL·dt/C)), so the
 * subthreshold part can neither become unstable nor overshoot its resting value for any dt; on the upswing
 * it follows the exponential growth to second order, where forward Euler lags. Against a forward-Euler
 * reference with dt = 5e-5 ms (defaults, I = 1 nA, 400 ms, 14 spikes) the spike times at dt = 0.1 ms drift
 * by at most 0.6 ms, versus 1.9 ms for forward Euler at dt = 0.1 (Brian2's `method='euler'`) and 2.7 ms for
 * plain exponential Euler (F frozen); what remains is mostly the quantisation of each reset to the end of
 * its step. Then w advances exactly with v held at v₀,
 *   w ← a(v₀ − EL) + (w − a(v₀ − EL))·e^{−dt/τw},
 * and Isyn decays exactly; Īsyn is the mean of Isyn over the step (Isyn·(τsyn/dt)(1 − e^{−dt/τsyn})), so a
 * synaptic weight q always delivers the charge q·τsyn. Cost: one Math.exp and one Math.expm1 per neuron per
 * step; all other factors are precomputed in prepare().
 * Overflow guard: the exponential's argument is capped at min((Vpeak − VT)/ΔT, 50) and J·dt/C at 50. v only
 * starts a step above Vpeak if written from outside, and with either cap active the exponential term is so
 * large that the step carries v past any Vpeak anyway (unless an absurd negative input outweighs it), so the
 * caps change no spike in practice; they keep every quantity finite for any input (no Infinity, no NaN).
 */

export type AdExParams = {
  C: number;
  gL: number;
  EL: number;
  VT: number;
  deltaT: number;
  tauW: number;
  a: number;
  b: number;
  Vr: number;
  Vpeak: number;
  I: number;
  tauSyn: number;
};

const ADEX_PARAMS: ParamTable<AdExParams> = {
  C: { value: 281, unit: 'pF', range: 'positive', about: 'membrane capacitance' },
  gL: { value: 30, unit: 'nS', range: 'positive', about: 'leak conductance' },
  EL: { value: -70.6, unit: 'mV', range: 'any', about: 'leak reversal potential' },
  VT: { value: -50.4, unit: 'mV', range: 'any', about: 'threshold of the exponential term' },
  deltaT: { value: 2, unit: 'mV', range: 'positive', about: 'slope factor' },
  tauW: { value: 144, unit: 'ms', range: 'positive', about: 'adaptation time constant' },
  a: { value: 4, unit: 'nS', range: 'any', about: 'subthreshold adaptation' },
  b: { value: 80.5, unit: 'pA', range: 'any', about: 'spike-triggered adaptation increment' },
  Vr: { value: -70.6, unit: 'mV', range: 'any', about: 'reset potential' },
  Vpeak: { value: -40.4, unit: 'mV', range: 'any', about: 'spike cut-off' },
  I: { value: 0, unit: 'pA', range: 'any', about: 'constant input current' },
  tauSyn: { value: 5, unit: 'ms', range: 'positive', about: 'synaptic current time constant' },
};

const VARIABLES = Object.freeze(['v', 'w', 'Isyn'] as const);
const TARGETS = Object.freeze(['Isyn'] as const);

/** Cap on the exponentials' arguments; see the header. */
const EXP_ARG_CAP = 50;

export const adex: SpikingModel<AdExParams> = Object.freeze({
  name: 'adex',
  variables: VARIABLES,
  synapticTargets: TARGETS,
  defaults: defaultsOf(ADEX_PARAMS),
  prepare(params: AdExParams, dt: number): PreparedModel {
    const model = 'adex';
    checkDt(model, dt);
    const p = resolveParams(model, ADEX_PARAMS, params);
    if (!(p.Vpeak > p.VT)) paramError(model, 'Vpeak', `(spike cut-off, mV) must be above VT = ${p.VT} mV`, p.Vpeak);
    if (!(p.Vr < p.Vpeak)) paramError(model, 'Vr', `(reset potential, mV) must be below Vpeak = ${p.Vpeak} mV`, p.Vr);
    const { EL, VT, Vr, Vpeak, a, b, gL } = p;
    const dtOverC = dt / p.C;
    const leakRate = gL * dtOverC; // gL·dt/C: the leak's share of J·dt/C
    const rhoW = exp(-dt / p.tauW);
    const decaySyn = exp(-dt / p.tauSyn);
    const meanSyn = stepMean(p.tauSyn, dt);
    const invDeltaT = 1 / p.deltaT;
    const expScale = gL * p.deltaT; // pA
    const argMax = Math.min((Vpeak - VT) * invDeltaT, EXP_ARG_CAP);
    const constI = p.I;
    const initial = [EL, 0, 0];
    return {
      createState: (n: number) => allocState(VARIABLES, initial, n),
      resetState: (state: SpikingState) => fillState(model, VARIABLES, initial, state),
      step(state: SpikingState, n: number, _t: number, spikes: Int32Array): number {
        const v = state.v, w = state.w, isyn = state.Isyn;
        checkStepArgs(model, v, n, spikes);
        let count = 0;
        for (let i = 0; i < n; i++) {
          const s = isyn[i];
          isyn[i] = s * decaySyn;
          const vi = v[i], wi = w[i];
          let arg = (vi - VT) * invDeltaT;
          if (arg > argMax) arg = argMax;
          const ex = exp(arg);
          const rhs = gL * (EL - vi) + expScale * ex - wi + constI + s * meanSyn; // C·dv/dt at v₀, pA
          let x = leakRate * (ex - 1); // J·dt/C
          if (x > EXP_ARG_CAP) x = EXP_ARG_CAP;
          // φ(x) = expm1(x)/x; its series near 0, where the quotient loses digits (x = 0 exactly at v₀ = VT).
          const phi = x > -1e-6 && x < 1e-6 ? 1 + 0.5 * x : expm1(x) / x;
          const vNext = vi + dtOverC * rhs * phi;
          const wInf = a * (vi - EL);
          const wNext = wInf + (wi - wInf) * rhoW;
          if (vNext > Vpeak) {
            v[i] = Vr;
            w[i] = wNext + b;
            spikes[count++] = i;
          } else {
            v[i] = vNext;
            w[i] = wNext;
          }
        }
        return count;
      },
    };
  },
});

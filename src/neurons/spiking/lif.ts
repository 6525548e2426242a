import type { PreparedModel, SpikingModel, SpikingState } from './model.js';
import { checkDt, checkStepArgs, defaultsOf, paramError, resolveParams, stepMean, type ParamTable } from './params.js';
import { holdRefractory, spike } from './lif-spike-reset.js';
import { allocState, fillState } from './state.js';
import { exp, expm1 } from '../../kernels/math.js';
import { HeapKernels } from '../../kernels/heap-kernels.js';

/**
 * Leaky integrate-and-fire neurons with exponentially decaying synaptic variables, in the two forms of the
 * Vogels & Abbott (2005, J. Neurosci. 25:10786) benchmark networks as restated by Brette et al. (2007,
 * J. Comput. Neurosci. 23:349): current-based (CUBA, `lifCurrent`, registered as 'lif') and
 * conductance-based (COBA, `lifConductance`, registered as 'lif-cond').
 * The spike/reset/refractory block below is written once, in lif-spike-reset.ts, for these two and lif-adaptive.
 *
 * Units: ms, mV; synaptic variables of CUBA are in mV, those of COBA are dimensionless (multiples of the leak
 * conductance). Both models share the spike/reset/refractory rule, which follows Brian2's (the project's
 * reference simulator) so that spike trains can be compared with it step for step:
 *   a neuron whose v ends the step from t to t + dt above Vt spikes (reported for this step) and v ← Vr. The
 *   spike is taken to belong to the start t of its step, as Brian2 stamps it (the engine's convention,
 *   src/sim/spike-time.ts), and the neuron is refractory
 *   for nRef = max(1, ceil(tRef/dt)) steps from there: the spiking step itself and the nRef − 1 steps after it, in
 *   which v is held at Vr and cannot spike, while ge and gi keep decaying and keep receiving input.
 *   Integration restarts from Vr at t + nRef·dt. With constant drive, if the climb from Vr to Vt takes T ms,
 *   it spans floor(T/dt) + 1 steps, the last of which is the next spike step, so the inter-spike interval is
 *   (nRef + floor(T/dt))·dt; for tRef a multiple of dt that is less than one step shorter than the exact
 *   tRef + T. This is
 *   Brian2's `refractory=tRef` with `(unless refractory)` on v, exactly, when tRef is a multiple of dt.
 *   Otherwise tRef is rounded up to nRef·dt, so that no two spikes are ever closer than tRef (Brian2 rounds
 *   down: floor(tRef/dt + 1e-3)). A tRef of at most one step has no effect beyond one spike per step.
 * Refractoriness is stored per neuron as `refractory`, the refractory time left at the end of the step in ms
 * ((nRef − 1)·dt after the spiking step, minus dt per held step, 0 when free). A countdown rather than the
 * time of the last spike keeps `step` independent of the simulator's clock and costs one comparison per
 * neuron.
 *
 * Initial state (createState/resetState): v = El, ge = gi = 0, refractory = 0. For the CUBA defaults
 * El = −49 mV lies above Vt = −50 mV, so an untouched population fires in its first step; simulators that
 * want the benchmark's random start write their own values into state.v after createState (which itself is
 * deterministic: no randomness anywhere in this file).
 *
 * Projections must add non-negative weights to the COBA conductances (a negative total conductance
 * 1 + ge + gi would make the membrane equation unstable); CUBA's ge and gi accept any sign.
 */

/** Parameters of the current-based LIF (CUBA). */
export type LifCurrentParams = {
  tauM: number;
  tauE: number;
  tauI: number;
  El: number;
  Vt: number;
  Vr: number;
  tRef: number;
  Ie: number;
};

/** Parameters of the conductance-based LIF (COBA). */
export type LifConductanceParams = {
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
};

const LIF_CURRENT_PARAMS: ParamTable<LifCurrentParams> = {
  tauM: { value: 20, unit: 'ms', range: 'positive', about: 'membrane time constant' },
  tauE: { value: 5, unit: 'ms', range: 'positive', about: 'excitatory synaptic time constant' },
  tauI: { value: 10, unit: 'ms', range: 'positive', about: 'inhibitory synaptic time constant' },
  El: { value: -49, unit: 'mV', range: 'any', about: 'leak reversal (resting) potential' },
  Vt: { value: -50, unit: 'mV', range: 'any', about: 'spike threshold' },
  Vr: { value: -60, unit: 'mV', range: 'any', about: 'reset potential' },
  tRef: { value: 5, unit: 'ms', range: 'nonNegative', about: 'refractory period' },
  Ie: { value: 0, unit: 'mV', range: 'any', about: 'constant bias input, voltage-equivalent' },
};

export const LIF_CONDUCTANCE_PARAMS: ParamTable<LifConductanceParams> = {
  tauM: { value: 20, unit: 'ms', range: 'positive', about: 'membrane time constant' },
  tauE: { value: 5, unit: 'ms', range: 'positive', about: 'excitatory conductance time constant' },
  tauI: { value: 10, unit: 'ms', range: 'positive', about: 'inhibitory conductance time constant' },
  El: { value: -60, unit: 'mV', range: 'any', about: 'leak reversal (resting) potential' },
  Ee: { value: 0, unit: 'mV', range: 'any', about: 'excitatory reversal potential' },
  Ei: { value: -80, unit: 'mV', range: 'any', about: 'inhibitory reversal potential' },
  I: { value: 20, unit: 'mV', range: 'any', about: 'constant input, voltage-equivalent (current / leak conductance)' },
  Vt: { value: -50, unit: 'mV', range: 'any', about: 'spike threshold' },
  Vr: { value: -60, unit: 'mV', range: 'any', about: 'reset potential' },
  tRef: { value: 5, unit: 'ms', range: 'nonNegative', about: 'refractory period' },
};

const VARIABLES = Object.freeze(['v', 'ge', 'gi', 'refractory'] as const);
const TARGETS = Object.freeze(['ge', 'gi'] as const);

/**
 * Time a neuron is held at Vr after the step in which it spiked: (nRef − 1)·dt, nRef = max(1, ceil(tRef/dt)) (see
 * the header). The 1e-9 slack keeps tRef = 5, dt = 0.1 at nRef = 50 although 5/0.1 is 50.000000000000007.
 */
export function heldTime(tRef: number, dt: number): number {
  const nRef = Math.ceil(tRef / dt - 1e-9);
  return nRef > 1 ? (nRef - 1) * dt : 0;
}

/**
 * exp(−G·dt/τm) for G = 1 + ḡe + ḡi, given pM = exp(−dt/τm). Most neurons most of the time carry almost no
 * conductance, so it is computed as pM·exp(−y), y = (G − 1)·dt/τm, with exp(−y) from its Taylor series to y⁴
 * when y < 1e-3 (the first omitted term, y⁵/120 < 1e-17, is below double rounding): the same value to the
 * last bit or so, without a Math.exp call per neuron per step, which otherwise dominates small networks.
 */
export function membraneDecay(total: number, dtOverTauM: number, pM: number): number {
  const y = (total - 1) * dtOverTauM;
  if (y < 1e-3 && y >= 0) return pM * (1 - y * (1 - y * (0.5 - y * (1 / 6 - y / 24))));
  return exp(-total * dtOverTauM);
}

/**
 * The per-step constants of the conductance LIF's integration (see lifConductance), shared by every model
 * built on it (lif-cond, lif-adaptive) so that they integrate identically.
 */
export function conductanceStepConstants(p: LifConductanceParams, dt: number) {
  const dtOverTauM = dt / p.tauM;
  return {
    drive: p.El + p.I,
    dE: exp(-dt / p.tauE),
    dI: exp(-dt / p.tauI),
    mE: stepMean(p.tauE, dt),
    mI: stepMean(p.tauI, dt),
    dtOverTauM,
    pM: exp(-dtOverTauM),
    refTime: heldTime(p.tRef, dt),
    halfDt: 0.5 * dt,
  };
}

/**
 * Populations smaller than `neurons` step in JavaScript: there the call into the module costs more than the
 * loop (Node 20, one step of lif-cond: 1 neuron 49 ns in the module against 25 ns in JavaScript, 4 neurons 82
 * against 96, 16 neurons 149 against 332). Both give the same bits, so this is a speed setting only (the twin
 * tests set it to 0 to run the module on every size).
 */
export const lifWasmThreshold = { neurons: 4 };

export function checkResetBelowThreshold(model: string, p: { Vr: number; Vt: number }): void {
  if (!(p.Vr < p.Vt)) paramError(model, 'Vr', `(reset potential, mV) must be below the threshold Vt = ${p.Vt} mV`, p.Vr);
}

/**
 * Weight of a synaptic variable s(0) (decaying with tauS) in v(dt) − v_free(dt) for τm dv/dt = −v + s, i.e.
 *   (1/τm)∫₀^dt e^{−(dt−r)/τm} e^{−r/τS} dr = τS/(τS − τm)·(e^{−dt/τS} − e^{−dt/τm}),
 * with limit (dt/τm)·e^{−dt/τm} at τS = τm. Near that limit the difference form cancels catastrophically, so
 * it is rewritten with k = 1/τm − 1/τS as e^{−dt/τm}·(dt/τm)·expm1(k·dt)/(k·dt), which is accurate for every
 * k and equals the limit at k = 0. When |k·dt| is large the two exponentials are well separated and the
 * difference form is used, because e^{−dt/τm} and e^{k·dt} could under/overflow separately.
 */
export function pspCoefficient(dt: number, tauM: number, tauS: number): number {
  const x = (1 / tauM - 1 / tauS) * dt;
  if (Math.abs(x) > 1) return (tauS / (tauS - tauM)) * (exp(-dt / tauS) - exp(-dt / tauM));
  const phi = x === 0 ? 1 : expm1(x) / x;
  return exp(-dt / tauM) * (dt / tauM) * phi;
}

/**
 * Current-based LIF (CUBA), as in Vogels & Abbott (2005) and Brian2's CUBA example:
 *   τm dv/dt = (ge + gi − (v − El) + Ie),   τe dge/dt = −ge,   τi dgi/dt = −gi,
 * ge, gi, Ie in mV (voltage-equivalent currents: current × membrane resistance); spike when v > Vt.
 * Defaults: τm 20 ms, τe 5 ms, τi 10 ms, El −49 mV, Vt −50 mV, Vr −60 mV, tRef 5 ms, Ie 0 mV.
 *
 * Integration is exact: between spikes the system is linear with constant coefficients, so for a fixed dt
 *   ge(t+dt) = ge·e^{−dt/τe},   gi(t+dt) = gi·e^{−dt/τi},
 *   v(t+dt)  = V∞ + (v − V∞)·e^{−dt/τm} + ge·Pe + gi·Pi,   V∞ = El + Ie,
 *   Pe = τe/(τe − τm)·(e^{−dt/τe} − e^{−dt/τm})  (→ (dt/τm)·e^{−dt/τm} when τe = τm; see pspCoefficient),
 * and likewise Pi with τi. Derivation: with u = v − V∞, τm du/dt = −u + ge(t) and ge(t) = ge(0)e^{−t/τe}, so
 * u(dt) = u(0)e^{−dt/τm} + (ge(0)/τm)∫₀^dt e^{−(dt−r)/τm}e^{−r/τe}dr. All five factors are computed in
 * prepare(); a step is three multiply-adds and two multiplies per neuron. Only the spike time is quantised
 * (v is tested at the end of each step, and the spike is stamped with the start of the step in which v
 * crossed Vt: src/sim/spike-time.ts); the trajectory itself has no discretisation error.
 */
export const lifCurrent: SpikingModel<LifCurrentParams> = Object.freeze({
  name: 'lif',
  variables: VARIABLES,
  synapticTargets: TARGETS,
  defaults: defaultsOf(LIF_CURRENT_PARAMS),
  prepare(params: LifCurrentParams, dt: number): PreparedModel {
    const model = 'lif';
    checkDt(model, dt);
    const p = resolveParams(model, LIF_CURRENT_PARAMS, params);
    checkResetBelowThreshold(model, p);
    const vInf = p.El + p.Ie;
    const pM = exp(-dt / p.tauM);
    const dE = exp(-dt / p.tauE);
    const dI = exp(-dt / p.tauI);
    const pE = pspCoefficient(dt, p.tauM, p.tauE);
    const pI = pspCoefficient(dt, p.tauM, p.tauI);
    const { Vt, Vr } = p;
    const refTime = heldTime(p.tRef, dt);
    const halfDt = 0.5 * dt;
    const initial = [p.El, 0, 0, 0];
    const fast = HeapKernels.get(), at = fast?.binding();
    return {
      createState: (n: number) => allocState(VARIABLES, initial, n),
      resetState: (state: SpikingState) => fillState(model, VARIABLES, initial, state),
      step(state: SpikingState, n: number, _t: number, spikes: Int32Array): number {
        const v = state.v, ge = state.ge, gi = state.gi, ref = state.refractory;
        checkStepArgs(model, v, n, spikes);
        // The same loop in the WebAssembly module (src/kernels/wasm/assembly/neurons.ts) when the state lives in its heap.
        if (at && n >= lifWasmThreshold.neurons && at.bind(v, ge, gi, ref, spikes)) {
          return fast!.kernels.lifCurrentStep(at.o0, at.o1, at.o2, at.o3, at.o4, n, vInf, pM, pE, pI, dE, dI, Vt, Vr, refTime, dt, halfDt);
        }
        let count = 0;
        for (let i = 0; i < n; i++) {
          const e = ge[i], g = gi[i];
          ge[i] = e * dE;
          gi[i] = g * dI;
          const r = ref[i];
          if (r > 0) {
            holdRefractory(ref, v, i, r, dt, halfDt, Vr);
            continue;
          }
          const vNext = vInf + (v[i] - vInf) * pM + e * pE + g * pI;
          if (vNext > Vt) spike(v, ref, spikes, count++, i, Vr, refTime);
          else v[i] = vNext;
        }
        return count;
      },
    };
  },
});

/**
 * Conductance-based LIF (COBA), the Brette et al. (2007) / ANNarchy version of Vogels & Abbott's benchmark:
 *   τm dv/dt = (El − v) + ge·(Ee − v) + gi·(Ei − v) + I,   τe dge/dt = −ge,   τi dgi/dt = −gi,
 * ge, gi dimensionless (in units of the leak conductance), I in mV (current / leak conductance); spike when
 * v > Vt. Defaults: τm 20 ms, τe 5 ms, τi 10 ms, El −60 mV, Ee 0 mV, Ei −80 mV, I 20 mV, Vt −50 mV,
 * Vr −60 mV, tRef 5 ms.
 *
 * Integration: the conductances decay exactly (ge ← ge·e^{−dt/τe}). v's coefficient depends on ge and gi, so
 * there is no fixed propagator; v takes one exponential-Euler step, exact for conductances held constant over
 * the step:
 *   G = 1 + ḡe + ḡi,   V∞ = (El + I + ḡe·Ee + ḡi·Ei) / G,   v ← V∞ + (v − V∞)·e^{−G·dt/τm},
 * where ḡe, ḡi are the exact means of the decaying conductances over the step (ge·(τe/dt)(1 − e^{−dt/τe})),
 * not their start values, so that the conductance integral over each step, and with it the effect of an
 * input, does not depend on dt. This makes the scheme second order: against a forward-Euler reference with
 * dt = 1e-4 ms (100 ms of excitatory and inhibitory kicks, no spikes) the largest error at dt = 0.1 ms is
 * 3e-4 mV, versus 6e-2 mV with the start values (which Brian2's exponential_euler uses, so with synaptic
 * input the two simulators differ by that much; without it they agree exactly). V∞ is a convex combination
 * of El + I, Ee and Ei (weights 1, ḡe, ḡi over G) and the update moves v towards V∞ without overshoot, so
 * however large the conductance or dt, v stays between its start value and that combination: a strong ge
 * drives v towards Ee from below but never past it
 * (forward Euler overshoots). Cost: one Math.exp per neuron per step.
 */
export const lifConductance: SpikingModel<LifConductanceParams> = Object.freeze({
  name: 'lif-cond',
  variables: VARIABLES,
  synapticTargets: TARGETS,
  defaults: defaultsOf(LIF_CONDUCTANCE_PARAMS),
  prepare(params: LifConductanceParams, dt: number): PreparedModel {
    const model = 'lif-cond';
    checkDt(model, dt);
    const p = resolveParams(model, LIF_CONDUCTANCE_PARAMS, params);
    checkResetBelowThreshold(model, p);
    const { drive, dE, dI, mE, mI, dtOverTauM, pM, refTime, halfDt } = conductanceStepConstants(p, dt);
    const { Ee, Ei, Vt, Vr } = p;
    const initial = [p.El, 0, 0, 0];
    const fast = HeapKernels.get(), at = fast?.binding();
    return {
      createState: (n: number) => allocState(VARIABLES, initial, n),
      resetState: (state: SpikingState) => fillState(model, VARIABLES, initial, state),
      step(state: SpikingState, n: number, _t: number, spikes: Int32Array): number {
        const v = state.v, ge = state.ge, gi = state.gi, ref = state.refractory;
        checkStepArgs(model, v, n, spikes);
        if (at && n >= lifWasmThreshold.neurons && at.bind(v, ge, gi, ref, spikes)) {
          return fast!.kernels.lifConductanceStep(at.o0, at.o1, at.o2, at.o3, at.o4, n, drive, mE, mI, Ee, Ei, dtOverTauM, pM, dE, dI, Vt, Vr, refTime, dt, halfDt);
        }
        let count = 0;
        for (let i = 0; i < n; i++) {
          const e = ge[i], g = gi[i];
          ge[i] = e * dE;
          gi[i] = g * dI;
          const r = ref[i];
          if (r > 0) {
            holdRefractory(ref, v, i, r, dt, halfDt, Vr);
            continue;
          }
          const eMean = e * mE, iMean = g * mI;
          const total = 1 + eMean + iMean;
          const vInf = (drive + eMean * Ee + iMean * Ei) / total;
          const vNext = vInf + (v[i] - vInf) * membraneDecay(total, dtOverTauM, pM);
          if (vNext > Vt) spike(v, ref, spikes, count++, i, Vr, refTime);
          else v[i] = vNext;
        }
        return count;
      },
    };
  },
});

import type { PreparedModel, SpikingModel, SpikingState } from './model.js';
import { checkDt, checkStepArgs, defaultsOf, paramError, resolveParams, stepMean, type ParamTable } from './params.js';
import { allocState, fillState } from './state.js';
import { exp } from '../../kernels/math.js';

/**
 * Izhikevich (2003), "Simple model of spiking neurons", IEEE Trans. Neural Netw. 14:1569:
 *   dv/dt = 0.04v² + 5v + 140 − u + I + Isyn
 *   du/dt = a(b·v − u)
 *   τsyn dIsyn/dt = −Isyn                     (exponential synaptic input; projections add to Isyn)
 *   spike when v ≥ vPeak (30 mV):  v ← c,  u ← u + d
 * Units: v in mV, t in ms (the coefficients 0.04, 5, 140 are fitted so); u, I and Isyn are in the model's own
 * unit, mV/ms, as in the paper; a in 1/ms, b dimensionless (1/ms·ms), c in mV, d in mV/ms.
 * Defaults: regular spiking, a 0.02, b 0.2, c −65 mV, d 8; I 0; vPeak 30 mV; τsyn 5 ms. Other cell classes of
 * the paper's Fig. 2: fast spiking a 0.1, d 2; intrinsically bursting c −55, d 4; chattering c −50, d 2;
 * low-threshold spiking b 0.25, d 2.
 * Initial state: v = −65 mV and u = b·(−65) for every cell class, as in the paper's network code
 * (`v = -65*ones(...); u = b.*v`), and Isyn = 0. (The resting point differs, e.g. −70 mV for regular
 * spiking, so an unstimulated neuron relaxes for the first ~100 ms.)
 *
 * Integration, the paper's scheme generalised to any dt: the paper uses 1 ms steps in which v takes two
 * forward-Euler half-steps of 0.5 ms ("for numerical stability") and then u one forward-Euler step of 1 ms that
 * uses the new v. Here each step of dt does exactly that with h = dt/2:
 *   v₁ = v + h·(0.04v² + 5v + 140 − u + J),   v₂ = v₁ + h·(0.04v₁² + 5v₁ + 140 − u + J),
 *   u ← u + dt·a·(b·v₂ − u),   then if v₂ ≥ vPeak: v ← c, u ← u + d, else v ← v₂,
 * with J = I + Īsyn, Īsyn the mean of the exactly decaying Isyn over the step
 * (Isyn·(τsyn/dt)(1 − e^{−dt/τsyn})), so a synaptic weight q always injects q·τsyn. With dt = 1 and no
 * synaptic input this reproduces the paper's loop number for number (the paper tests v ≥ 30 at the start of
 * the next iteration, we at the end of this one: same sequence of operations, same floating-point order).
 * Forward Euler on the quadratic is only conditionally accurate: v far below −150 mV (very strong
 * inhibition) or a large dt can make a half-step overshoot, up to a spurious spike. The paper runs its cell
 * classes at dt = 1 ms; for regular spiking at I = 10, the settled inter-spike interval at dt = 0.1 ms is
 * within 1% of that at dt = 0.01 ms (45.1 vs 44.8 ms; the first, shorter one within 3%), while at dt = 1 ms
 * the intervals wander between 48 and 62 ms. There is no overflow guard: v stays finite unless the input is
 * astronomically large.
 */

export type IzhikevichParams = {
  a: number;
  b: number;
  c: number;
  d: number;
  I: number;
  vPeak: number;
  tauSyn: number;
};

const IZHIKEVICH_PARAMS: ParamTable<IzhikevichParams> = {
  a: { value: 0.02, unit: '1/ms', range: 'any', about: 'recovery rate' },
  b: { value: 0.2, unit: 'dimensionless', range: 'any', about: 'sensitivity of u to v' },
  c: { value: -65, unit: 'mV', range: 'any', about: 'reset potential' },
  d: { value: 8, unit: 'mV/ms', range: 'any', about: 'after-spike increment of u' },
  I: { value: 0, unit: 'mV/ms', range: 'any', about: 'constant input' },
  vPeak: { value: 30, unit: 'mV', range: 'any', about: 'spike cut-off' },
  tauSyn: { value: 5, unit: 'ms', range: 'positive', about: 'synaptic input time constant' },
};

/** Initial membrane potential of the paper's network code, for every cell class. */
export const IZHIKEVICH_V0 = -65;

const VARIABLES = Object.freeze(['v', 'u', 'Isyn'] as const);
const TARGETS = Object.freeze(['Isyn'] as const);

export const izhikevich: SpikingModel<IzhikevichParams> = Object.freeze({
  name: 'izhikevich',
  variables: VARIABLES,
  synapticTargets: TARGETS,
  defaults: defaultsOf(IZHIKEVICH_PARAMS),
  prepare(params: IzhikevichParams, dt: number): PreparedModel {
    const model = 'izhikevich';
    checkDt(model, dt);
    const p = resolveParams(model, IZHIKEVICH_PARAMS, params);
    if (!(p.c < p.vPeak)) paramError(model, 'c', `(reset potential, mV) must be below vPeak = ${p.vPeak} mV`, p.c);
    const { b, c, d, vPeak } = p;
    const h = 0.5 * dt;
    const aDt = p.a * dt;
    const constI = p.I;
    const decaySyn = exp(-dt / p.tauSyn);
    const meanSyn = stepMean(p.tauSyn, dt);
    const initial = [IZHIKEVICH_V0, b * IZHIKEVICH_V0, 0];
    return {
      createState: (n: number) => allocState(VARIABLES, initial, n),
      resetState: (state: SpikingState) => fillState(model, VARIABLES, initial, state),
      step(state: SpikingState, n: number, _t: number, spikes: Int32Array): number {
        const v = state.v, u = state.u, isyn = state.Isyn;
        checkStepArgs(model, v, n, spikes);
        let count = 0;
        for (let i = 0; i < n; i++) {
          const s = isyn[i];
          isyn[i] = s * decaySyn;
          const ui = u[i];
          const drive = constI + s * meanSyn;
          // Same operation order as the paper's MATLAB line, so dt = 1 reproduces it to the last bit.
          let vi = v[i];
          vi += h * (0.04 * (vi * vi) + 5 * vi + 140 - ui + drive);
          vi += h * (0.04 * (vi * vi) + 5 * vi + 140 - ui + drive);
          const uNext = ui + aDt * (b * vi - ui);
          if (vi >= vPeak) {
            v[i] = c;
            u[i] = uNext + d;
            spikes[count++] = i;
          } else {
            v[i] = vi;
            u[i] = uNext;
          }
        }
        return count;
      },
    };
  },
});

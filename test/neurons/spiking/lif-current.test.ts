import { describe, expect, it } from 'vitest';
import { lifCurrent, pspCoefficient, type LifCurrentParams } from '../../../src/neurons/spiking/lif.js';
import { intervals, mean, simulate } from './simulate.js';

const D = lifCurrent.defaults;
const params = (over: Partial<LifCurrentParams>): LifCurrentParams => ({ ...D, ...over });

/** Closed-form time to climb from Vr to Vt under constant drive: τm·ln((V∞ − Vr)/(V∞ − Vt)), V∞ = El + Ie. */
function climbTime(p: LifCurrentParams): number {
  const vInf = p.El + p.Ie;
  return p.tauM * Math.log((vInf - p.Vr) / (vInf - p.Vt));
}

/** Analytic response of τm dv/dt = −(v − V∞) + s, s(0) = s0 decaying with τs, evaluated with plain exponentials. */
function pspAnalytic(t: number, tauM: number, tauS: number, s0: number): number {
  if (tauS === tauM) return s0 * (t / tauM) * Math.exp(-t / tauM);
  return s0 * (tauS / (tauS - tauM)) * (Math.exp(-t / tauS) - Math.exp(-t / tauM));
}

describe('lif (current-based, CUBA)', () => {
  it('fires at the closed-form rate 1/(tRef + τm ln((El+Ie−Vr)/(El+Ie−Vt))) under constant input', () => {
    for (const Ie of [0, 5, 20]) {
      const p = params({ Ie });
      const T = climbTime(p);
      const closedRate = 1000 / (p.tRef + T); // Hz
      for (const [dt, tol] of [[0.01, 0.005], [0.1, 0.03]] as const) {
        const steps = Math.round(1000 / dt);
        const { spikes } = simulate(lifCurrent.prepare(p, dt), dt, steps);
        const isi = intervals(spikes);
        const rate = 1000 / mean(isi);
        expect(Math.abs(rate - closedRate) / closedRate).toBeLessThan(tol);
        // Sharper, since the trajectory is exact: the spike step and tRef/dt − 1 held steps, then the climb,
        // which ends in the first step that passes T: (tRef/dt + floor(T/dt))·dt (Brian2's convention).
        const predicted = (Math.round(p.tRef / dt) + Math.floor(T / dt)) * dt;
        for (const x of isi) expect(x).toBeCloseTo(predicted, 6);
      }
    }
  });

  it('reproduces Brian2 2.5.1 spike trains (CUBA single neuron, method exact, refractory 5 ms, dt 0.1 ms)', () => {
    // Brian2: 'dv/dt = (ge+gi-(v-El)+Ie)/taum : volt (unless refractory)', threshold 'v>Vt', reset 'v=Vr',
    // refractory=5*ms, v starting at El, 1 s. Both stamp a spike with the start of its step
    // (src/sim/spike-time.ts), so the times are Brian's: the first at 0 (v starts at El = −49 mV, above
    // Vt = −50 mV, so step 0 fires), then every (tRef/dt + floor(T/dt))·dt with T the closed-form climb time.
    // Brian's counts and (constant) intervals:
    const brian: Array<[number, number, number]> = [[0, 19, 52.9], [5, 41, 24.6], [20, 79, 12.7]];
    for (const [Ie, count, isi] of brian) {
      const p = params({ Ie });
      expect((Math.round(p.tRef / 0.1) + Math.floor(climbTime(p) / 0.1)) * 0.1).toBeCloseTo(isi, 9);
      const { spikes } = simulate(lifCurrent.prepare(p, 0.1), 0.1, 10_000);
      expect(spikes.length).toBe(count);
      spikes.forEach((t, k) => expect(t).toBeCloseTo(k * isi, 6));
    }
  });

  it('never fires when El + Ie is below or exactly at threshold, and settles at El + Ie', () => {
    for (const Ie of [-2, -1]) {
      const p = params({ Ie }); // El + Ie = −51 and exactly Vt = −50
      const prepared = lifCurrent.prepare(p, 0.1);
      const state = prepared.createState(1);
      state.v[0] = p.Vr;
      const { spikes, v } = simulate(prepared, 0.1, 20_000, undefined, state);
      expect(spikes).toEqual([]);
      expect(Math.max(...v)).toBeLessThanOrEqual(p.Vt);
      expect(v[v.length - 1]).toBeCloseTo(p.El + Ie, 10);
    }
  });

  it('integrates a PSP exactly: matches the analytic curve to 1e-10 at many times', () => {
    const dt = 0.1;
    const cases: Array<{ over: Partial<LifCurrentParams>; v0: number; ge: number; gi: number }> = [
      { over: { El: -60, Vt: 0, Vr: -70 }, v0: -60, ge: 3, gi: 0 },
      { over: { El: -60, Vt: 0, Vr: -70 }, v0: -60, ge: 3, gi: -2 },
      { over: { El: -60, Vt: 0, Vr: -70, Ie: 4 }, v0: -65, ge: 1.5, gi: -0.5 },
      { over: { El: -60, Vt: 0, Vr: -70, tauE: 20 }, v0: -60, ge: 2, gi: 0 }, // τe = τm: the limiting formula
      { over: { El: -60, Vt: 0, Vr: -70, tauE: 2, tauI: 50, tauM: 7 }, v0: -62, ge: 5, gi: -3 },
    ];
    for (const { over, v0, ge, gi } of cases) {
      const p = params(over);
      const prepared = lifCurrent.prepare(p, dt);
      const state = prepared.createState(1);
      state.v[0] = v0;
      state.ge[0] = ge;
      state.gi[0] = gi;
      const { v, spikes } = simulate(prepared, dt, 2000, undefined, state);
      expect(spikes).toEqual([]);
      const vInf = p.El + p.Ie;
      for (const k of [1, 2, 7, 50, 123, 500, 1999]) {
        const t = (k + 1) * dt;
        const expected = vInf + (v0 - vInf) * Math.exp(-t / p.tauM) + pspAnalytic(t, p.tauM, p.tauE, ge) + pspAnalytic(t, p.tauM, p.tauI, gi);
        expect(Math.abs(v[k] - expected)).toBeLessThan(1e-10);
      }
      expect(state.ge[0]).toBeCloseTo(ge * Math.exp((-2000 * dt) / p.tauE), 12);
    }
  });

  it('stays accurate when τe is within rounding of τm (no cancellation in the propagator)', () => {
    const tauM = 20, dt = 0.1;
    const limit = (dt / tauM) * Math.exp(-dt / tauM);
    for (const rel of [1e-12, 1e-9, 1e-6]) {
      const tauE = tauM * (1 + rel);
      // First-order expansion of the exact coefficient in τe − τm around the limit.
      const expected = limit * (1 + ((rel * dt) / (2 * tauM)));
      expect(Math.abs(pspCoefficient(dt, tauM, tauE) - expected) / limit).toBeLessThan(1e-13);
    }
    expect(pspCoefficient(dt, tauM, tauM)).toBe(limit);
    // Widely separated time constants and a huge step: no overflow, and the plain formula.
    expect(pspCoefficient(1000, 0.01, 5) / ((5 / (5 - 0.01)) * Math.exp(-200))).toBeCloseTo(1, 12);
  });

  it('agrees with a fine-step (dt/1000) forward-Euler reference at dt = 0.1 to 1e-4 mV', () => {
    const dt = 0.1, sub = 1000, h = dt / sub, steps = 1000;
    const p = params({ El: -60, Vt: 0, Vr: -70, Ie: 3 });
    const kicks = (k: number): [number, number] => [k % 97 === 0 ? 2 : k % 31 === 0 ? 0.7 : 0, k % 53 === 5 ? -1.5 : 0];
    const { v } = simulate(lifCurrent.prepare(p, dt), dt, steps, (k, s) => {
      const [e, i] = kicks(k);
      s.ge[0] += e;
      s.gi[0] += i;
    });
    let ve = p.El, ge = 0, gi = 0, maxErr = 0;
    for (let k = 0; k < steps; k++) {
      const [e, i] = kicks(k);
      ge += e;
      gi += i;
      for (let j = 0; j < sub; j++) {
        const dv = (ge + gi - (ve - p.El) + p.Ie) / p.tauM;
        ge -= (h * ge) / p.tauE;
        gi -= (h * gi) / p.tauI;
        ve += h * dv;
      }
      maxErr = Math.max(maxErr, Math.abs(ve - v[k]));
    }
    expect(maxErr).toBeLessThan(1e-5); // measured 3.5e-6 mV: the O(h) error of the Euler reference itself
    expect(maxErr).toBeGreaterThan(0); // the reference really is a different computation
  });

  it('is refractory: v held at Vr for tRef from the start of the spike step, no spike within tRef, synapses keep decaying', () => {
    const dt = 0.1;
    const p = params({ Ie: 40 }); // fast firing: the climb takes ~4.4 ms
    const prepared = lifCurrent.prepare(p, dt);
    const kicked: number[] = [];
    const { spikes, v, state } = simulate(prepared, dt, 5000, (k, s) => {
      // A large excitatory kick right after each spike must not move v during the refractory period.
      if (s.refractory[0] > p.tRef - 1.5 * dt) { // (tRef − dt) left: the step just ended with a spike
        s.ge[0] += 100;
        kicked.push(k);
      }
    });
    expect(spikes.length).toBeGreaterThan(50);
    expect(kicked.length).toBe(spikes.length);
    const nRef = Math.round(p.tRef / dt);
    for (const x of intervals(spikes)) expect(x).toBeGreaterThan(p.tRef);
    let held = 0, notHeld = 0;
    for (const t of spikes.slice(0, -1)) {
      const k = Math.round(t / dt); // index of the spike step (stamped with its start)
      // After the spike step (k) and the nRef − 1 held steps, v is at Vr; the step ending at start + tRef + dt
      // integrates again.
      for (let j = k; j < k + nRef; j++) if (v[j] === p.Vr) held++; else notHeld++;
      expect(v[k + nRef]).toBeGreaterThan(p.Vr);
    }
    expect(notHeld).toBe(0);
    expect(held).toBe((spikes.length - 1) * nRef);
    // ge decayed undisturbed by refractoriness: the sum of all kicks, each decayed since its step.
    const expectedGe = kicked.reduce((sum, k) => sum + 100 * Math.exp((-(5000 - k) * dt) / p.tauE), 0);
    expect(state.ge[0] / expectedGe).toBeCloseTo(1, 10);
  });

  it('rounds a refractory period that is not a whole number of steps up, never down', () => {
    for (const [tRef, dt] of [[5, 0.3], [5, 0.7], [0.05, 0.1]] as const) {
      const p = params({ Ie: 40, tRef });
      const { spikes } = simulate(lifCurrent.prepare(p, dt), dt, Math.round(300 / dt));
      const isi = intervals(spikes);
      expect(isi.length).toBeGreaterThan(10);
      for (const x of isi) expect(x).toBeGreaterThan(tRef);
      const nRef = Math.max(1, Math.ceil(tRef / dt - 1e-9));
      expect(Math.min(...isi)).toBeCloseTo((nRef + Math.floor(climbTime(p) / dt)) * dt, 6);
    }
    // tRef = 0: integration resumes in the very next step, the same as any tRef of at most one step.
    const p = params({ Ie: 40, tRef: 0 });
    const { spikes } = simulate(lifCurrent.prepare(p, 0.1), 0.1, 1000);
    expect(intervals(spikes)[1]).toBeCloseTo((Math.floor(climbTime(p) / 0.1) + 1) * 0.1, 6);
  });

  it('starts at v = El (above threshold for the CUBA defaults, so the first step spikes)', () => {
    const prepared = lifCurrent.prepare(D, 0.1);
    const state = prepared.createState(3);
    expect(Array.from(state.v)).toEqual([-49, -49, -49]);
    expect(prepared.step(state, 3, 0, new Int32Array(3))).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { lifConductance, type LifConductanceParams } from '../../../src/neurons/spiking/lif.js';
import { intervals, mean, simulate } from './simulate.js';

const D = lifConductance.defaults;
const params = (over: Partial<LifConductanceParams>): LifConductanceParams => ({ ...D, ...over });

describe('lif-cond (conductance-based, COBA)', () => {
  it('fires steadily with the default I = 20 mV, at the closed-form rate of a LIF with V∞ = El + I', () => {
    // Without synaptic input the total conductance is 1, so the exponential-Euler step is the exact propagator.
    const T = D.tauM * Math.log((D.El + D.I - D.Vr) / (D.El + D.I - D.Vt));
    const closedRate = 1000 / (D.tRef + T);
    for (const [dt, tol] of [[0.01, 0.005], [0.1, 0.03]] as const) {
      const { spikes } = simulate(lifConductance.prepare(D, dt), dt, Math.round(1000 / dt));
      const isi = intervals(spikes);
      expect(Math.abs(1000 / mean(isi) - closedRate) / closedRate).toBeLessThan(tol);
      const predicted = (Math.round(D.tRef / dt) + Math.floor(T / dt)) * dt;
      for (const x of isi) expect(x).toBeCloseTo(predicted, 6);
    }
    // Below threshold (El + I = −55 mV): never fires.
    const { spikes } = simulate(lifConductance.prepare(params({ I: 5 }), 0.1), 0.1, 10_000);
    expect(spikes).toEqual([]);
  });

  it('reproduces Brian2 2.5.1 (COBA single neuron, exponential_euler, I = 20 mV, refractory 5 ms, dt 0.1 ms)', () => {
    // Brian2 spikes at 13.8, 32.6, 51.4, … (53 in 1 s, every 18.8 ms), stamped at the start of their step, as
    // ours are (src/sim/spike-time.ts). Closed form: from v = El = Vr the climb to Vt takes
    // T = τm·ln((El + I − Vr)/(El + I − Vt)) = 13.86 ms, crossed in step floor(T/dt) = 138 (stamped 13.8 ms);
    // each later spike comes tRef/dt + floor(T/dt) = 188 steps after the previous one.
    const T = D.tauM * Math.log((D.El + D.I - D.Vr) / (D.El + D.I - D.Vt));
    const first = Math.floor(T / 0.1) * 0.1, isi = (Math.round(D.tRef / 0.1) + Math.floor(T / 0.1)) * 0.1;
    expect([first, isi].map((x) => Math.round(x * 10) / 10)).toEqual([13.8, 18.8]);
    const { spikes } = simulate(lifConductance.prepare(D, 0.1), 0.1, 10_000);
    expect(spikes.length).toBe(53);
    spikes.forEach((t, k) => expect(t).toBeCloseTo(13.8 + k * 18.8, 6));
  });

  it('a large excitatory conductance pulls v towards Ee from below and never past it, even with huge dt', () => {
    for (const [g, dt] of [[50, 0.1], [1e6, 0.1], [1e6, 5]] as const) {
      const p = params({ I: 0, Vt: 100 }); // no spikes: watch the trajectory
      const { v, spikes } = simulate(lifConductance.prepare(p, dt), dt, 2000, (_k, s) => {
        s.ge[0] = g; // a projection holding the conductance up
      });
      expect(spikes).toEqual([]);
      for (let k = 0; k < v.length; k++) {
        expect(v[k]).toBeLessThan(p.Ee);
        if (k > 0) expect(v[k]).toBeGreaterThanOrEqual(v[k - 1]);
      }
      expect(p.Ee - v[v.length - 1]).toBeLessThan(g === 50 ? 2 : 1e-3);
    }
  });

  it('a large inhibitory conductance pulls v towards Ei from above and never past it; both together balance', () => {
    const p = params({ I: 0, Vt: 100 });
    const dt = 0.1;
    const prepared = lifConductance.prepare(p, dt);
    const start = prepared.createState(1);
    start.v[0] = -50;
    const { v } = simulate(prepared, dt, 2000, (_k, s) => { s.gi[0] = 50; }, start);
    for (let k = 0; k < v.length; k++) {
      expect(v[k]).toBeGreaterThan(p.Ei);
      if (k > 0) expect(v[k]).toBeLessThanOrEqual(v[k - 1]);
    }
    expect(v[v.length - 1] - p.Ei).toBeLessThan(1);
    // ge = gi held: v settles at the conductance-weighted mean of the reversal potentials.
    const both = simulate(prepared, dt, 2000, (_k, s) => { s.ge[0] = 50; s.gi[0] = 50; });
    const gBar = 50 * (p.tauE / dt) * (1 - Math.exp(-dt / p.tauE));
    const iBar = 50 * (p.tauI / dt) * (1 - Math.exp(-dt / p.tauI));
    expect(both.v[1999]).toBeCloseTo((p.El + gBar * p.Ee + iBar * p.Ei) / (1 + gBar + iBar), 9);
  });

  it('exponential Euler agrees with a fine-step forward-Euler reference (second order in dt)', () => {
    const p = params({ I: 0, Vt: 100 });
    const kickAt = (k10: number): [number, number] => [k10 % 37 === 0 ? 0.5 : k10 % 11 === 0 ? 0.1 : 0, k10 % 23 === 3 ? 1 : 0];
    const maxError = (dt: number): number => {
      const per = Math.round(0.1 / dt); // kicks fall on the 0.1 ms grid
      const steps = Math.round(100 / dt), h = 1e-4, sub = Math.round(dt / h);
      const { v } = simulate(lifConductance.prepare(p, dt), dt, steps, (k, s) => {
        if (k % per !== 0) return;
        const [e, i] = kickAt(k / per);
        s.ge[0] += e;
        s.gi[0] += i;
      });
      let ve = p.El, ge = 0, gi = 0, err = 0;
      for (let k = 0; k < steps; k++) {
        if (k % per === 0) {
          const [e, i] = kickAt(k / per);
          ge += e;
          gi += i;
        }
        for (let j = 0; j < sub; j++) {
          const dv = (p.El - ve + ge * (p.Ee - ve) + gi * (p.Ei - ve) + p.I) / p.tauM;
          ge -= (h * ge) / p.tauE;
          gi -= (h * gi) / p.tauI;
          ve += h * dv;
        }
        err = Math.max(err, Math.abs(ve - v[k]));
      }
      return err;
    };
    const e10 = maxError(0.1), e5 = maxError(0.05);
    expect(e10).toBeLessThan(1e-3); // measured 3.0e-4 mV
    expect(e5).toBeLessThan(e10 / 2.5); // measured 9.7e-5: close to the factor 4 of a second-order scheme
  });

  it('is refractory like the current-based LIF: v at Vr for tRef from the start of the spike step', () => {
    const dt = 0.1;
    const p = params({ I: 60 });
    const { spikes, v } = simulate(lifConductance.prepare(p, dt), dt, 3000, (k, s) => {
      if (k % 7 === 0) s.ge[0] += 0.3;
    });
    expect(spikes.length).toBeGreaterThan(30);
    const nRef = Math.round(p.tRef / dt);
    for (const x of intervals(spikes)) expect(x).toBeGreaterThan(p.tRef);
    let notHeld = 0;
    for (const t of spikes.slice(0, -1)) {
      const k = Math.round(t / dt); // index of the spike step (stamped with its start)
      for (let j = k; j < k + nRef; j++) if (v[j] !== p.Vr) notHeld++;
      expect(v[k + nRef]).not.toBe(p.Vr);
    }
    expect(notHeld).toBe(0);
  });
});

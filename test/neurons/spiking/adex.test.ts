import { describe, expect, it } from 'vitest';
import { adex, type AdExParams } from '../../../src/neurons/spiking/adex.js';
import { spikeTime } from '../../../src/sim/spike-time.js';
import { intervals, simulate } from './simulate.js';

const D = adex.defaults;
const params = (over: Partial<AdExParams>): AdExParams => ({ ...D, ...over });

/** Independent reference: plain forward Euler on the AdEx equations with a tiny step. */
function eulerSpikes(p: AdExParams, h: number, duration: number): number[] {
  let v = p.EL, w = 0;
  const out: number[] = [];
  const steps = Math.round(duration / h);
  for (let k = 0; k < steps; k++) {
    const dv = (-p.gL * (v - p.EL) + p.gL * p.deltaT * Math.exp((v - p.VT) / p.deltaT) - w + p.I) / p.C;
    const dw = (p.a * (v - p.EL) - w) / p.tauW;
    v += h * dv;
    w += h * dw;
    if (v > p.Vpeak) {
      v = p.Vr;
      w += p.b;
      out.push(spikeTime(k, h)); // the engine's convention (start of the step), here of a 1e-4 ms step
    }
  }
  return out;
}

describe('adex (Brette & Gerstner 2005)', () => {
  it('rests at EL without input and does not spike below rheobase', () => {
    for (const I of [0, 400]) {
      const { spikes, v } = simulate(adex.prepare(params({ I }), 0.1), 0.1, 30_000);
      expect(spikes).toEqual([]);
      // Fixed point (w = a(v − EL)): −(gL + a)(v − EL) + gL·ΔT·exp((v − VT)/ΔT) + I = 0, found by bisection on
      // the lower branch, where the left side is decreasing.
      const f = (x: number) => -(D.gL + D.a) * (x - D.EL) + D.gL * D.deltaT * Math.exp((x - D.VT) / D.deltaT) + I;
      let lo = D.EL - 10, hi = D.VT - D.deltaT;
      for (let k = 0; k < 100; k++) {
        const mid = (lo + hi) / 2;
        if (f(mid) > 0) lo = mid; else hi = mid;
      }
      expect(Math.abs(v[v.length - 1] - lo)).toBeLessThan(1e-6);
    }
  });

  it('shows spike-frequency adaptation under a 1 nA step: intervals lengthen, then settle', () => {
    const { spikes } = simulate(adex.prepare(params({ I: 1000 }), 0.1), 0.1, 6000);
    const isi = intervals(spikes);
    expect(isi.length).toBeGreaterThan(12);
    for (let k = 1; k < 8; k++) expect(isi[k]).toBeGreaterThan(isi[k - 1]);
    expect(isi[isi.length - 1] / isi[0]).toBeGreaterThan(2);
    const tail = isi.slice(-3);
    expect(Math.max(...tail) - Math.min(...tail)).toBeLessThan(0.01 * tail[0] + 0.1); // within 1% and a step
  });

  it('matches a fine forward-Euler reference: spike times within 0.1 ms per spike at dt = 0.1, 0.01 ms per spike at dt = 0.01', () => {
    const p = params({ I: 1000 });
    const ref = eulerSpikes(p, 1e-4, 200);
    expect(ref.length).toBeGreaterThanOrEqual(6);
    for (const [dt, perSpike] of [[0.1, 0.1], [0.01, 0.01]] as const) {
      const { spikes } = simulate(adex.prepare(p, dt), dt, Math.round(200 / dt));
      expect(spikes.length).toBe(ref.length);
      spikes.forEach((t, k) => expect(Math.abs(t - ref[k])).toBeLessThan(perSpike * (k + 1)));
    }
  });

  it('adds exactly b to w at each spike', () => {
    // With a = 0 and an enormous τw, w changes only at spikes: after k spikes it is k·b.
    const p = params({ I: 1500, a: 0, tauW: 1e15 });
    const dt = 0.1;
    const prepared = adex.prepare(p, dt);
    const state = prepared.createState(1);
    const spikeBuf = new Int32Array(1);
    let count = 0;
    for (let k = 0; k < 3000; k++) {
      const before = state.w[0];
      if (prepared.step(state, 1, k * dt, spikeBuf)) {
        count++;
        expect(state.w[0] - before).toBeCloseTo(p.b, 9);
        expect(state.v[0]).toBe(p.Vr);
      } else {
        expect(Math.abs(state.w[0] - before)).toBeLessThan(1e-9);
      }
    }
    expect(count).toBeGreaterThan(5);
    expect(state.w[0]).toBeCloseTo(count * p.b, 6);
    // With the defaults the jump is b plus the ordinary adaptation drift of one step (< 1 pA).
    const d = adex.prepare(params({ I: 1000 }), dt);
    const s = d.createState(1);
    let jumps = 0;
    for (let k = 0; k < 3000; k++) {
      const before = s.w[0];
      const spiked = d.step(s, 1, k * dt, spikeBuf) > 0;
      const delta = s.w[0] - before;
      if (spiked) {
        jumps++;
        expect(Math.abs(delta - D.b)).toBeLessThan(1);
      } else {
        expect(Math.abs(delta)).toBeLessThan(1);
      }
    }
    expect(jumps).toBeGreaterThan(5);
  });

  it('synaptic current Isyn decays with τsyn and a kick of q delivers the charge of q·τsyn', () => {
    // A sub-threshold kick: the area under (v − EL)·gL equals the injected charge q·τsyn (for a = 0, so that
    // adaptation does not take charge away), independently of dt.
    for (const dt of [0.1, 0.025]) {
      const p = params({ a: 0 });
      const q = 200; // pA
      const { v, state } = simulate(adex.prepare(p, dt), dt, Math.round(400 / dt), (k, s) => {
        if (k === 0) s.Isyn[0] = q;
      });
      let area = 0;
      for (let k = 0; k < v.length; k++) area += (v[k] - p.EL) * dt;
      // C dv/dt = −gL(v − EL) + Isyn (+ a tiny F): ∫gL(v − EL) = ∫Isyn = q·τsyn.
      expect((p.gL * area) / (q * p.tauSyn)).toBeCloseTo(1, 2);
      expect(state.Isyn[0]).toBeCloseTo(q * Math.exp(-400 / p.tauSyn), 12);
    }
  });

  it('never produces NaN or Infinity, however strong the input or odd the state', () => {
    const cases: Array<[Partial<AdExParams>, (k: number, s: Record<string, Float64Array>) => void]> = [
      [{ I: 1e6 }, () => {}],
      [{ I: -1e6 }, () => {}],
      [{}, (k, s) => { if (k % 10 === 0) s.Isyn[0] += 1e12; }],
      [{}, (k, s) => { if (k % 10 === 0) s.Isyn[0] -= 1e12; }],
      [{}, (k, s) => { if (k % 50 === 0) s.v[0] = k % 100 === 0 ? 1e6 : -1e6; }],
      [{ deltaT: 0.05, Vpeak: 50 }, (k, s) => { if (k % 50 === 0) s.Isyn[0] += 2000; }], // (Vpeak − VT)/ΔT = 2008
    ];
    for (const [over, before] of cases) {
      for (const dt of [0.1, 1]) {
        const { v, state } = simulate(adex.prepare(params(over), dt), dt, 1000, before);
        for (const x of v) expect(Number.isFinite(x)).toBe(true);
        expect(Number.isFinite(state.w[0])).toBe(true);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { izhikevich, IZHIKEVICH_V0, type IzhikevichParams } from '../../../src/neurons/spiking/izhikevich.js';
import { intervals, simulate } from './simulate.js';

const D = izhikevich.defaults;
const params = (over: Partial<IzhikevichParams>): IzhikevichParams => ({ ...D, ...over });

describe('izhikevich (2003)', () => {
  it('regular spiking at I = 10 fires tonically with an adapting, then constant, interval', () => {
    const { spikes } = simulate(izhikevich.prepare(params({ I: 10 }), 0.1), 0.1, 10_000);
    const isi = intervals(spikes);
    expect(isi.length).toBeGreaterThan(15);
    expect(isi[1]).toBeGreaterThan(1.5 * isi[0]); // adaptation: the second interval is much longer
    const settled = isi.slice(2);
    expect(Math.max(...settled) - Math.min(...settled)).toBeLessThanOrEqual(0.2 + 1e-9); // constant to 2 steps
  });

  it('dt = 0.1 agrees with dt = 0.01: same spike count, intervals within 3% (1% once settled), times within 0.5 ms per spike', () => {
    const run = (dt: number) => simulate(izhikevich.prepare(params({ I: 10 }), dt), dt, Math.round(1000 / dt)).spikes;
    const coarse = run(0.1), fine = run(0.01);
    expect(coarse.length).toBe(fine.length);
    const ci = intervals(coarse), fi = intervals(fine);
    ci.forEach((x, k) => expect(Math.abs(x - fi[k]) / fi[k]).toBeLessThan(k < 2 ? 0.03 : 0.01)); // measured 2.4%, then 0.6%
    coarse.forEach((t, k) => expect(Math.abs(t - fine[k])).toBeLessThan(0.5 * (k + 1)));
  });

  it('fast spiking (a 0.1, d 2) fires faster than regular spiking at the same input', () => {
    for (const I of [5, 10, 20]) {
      const rs = simulate(izhikevich.prepare(params({ I }), 0.1), 0.1, 10_000).spikes.length;
      const fs = simulate(izhikevich.prepare(params({ I, a: 0.1, d: 2 }), 0.1), 0.1, 10_000).spikes.length;
      expect(rs).toBeGreaterThan(0);
      expect(fs).toBeGreaterThan(2 * rs);
    }
  });

  it('with dt = 1 reproduces the paper\'s MATLAB loop bit for bit, for each of its cell classes', () => {
    // The paper's loop, transcribed literally: check v >= 30 and reset at the start of each 1 ms iteration,
    // then two 0.5 ms half-steps of v and one 1 ms step of u with the new v.
    const classes: Array<Partial<IzhikevichParams>> = [
      {}, // regular spiking
      { c: -55, d: 4 }, // intrinsically bursting
      { c: -50, d: 2 }, // chattering
      { a: 0.1, d: 2 }, // fast spiking
      { b: 0.25, d: 2 }, // low-threshold spiking
    ];
    for (const over of classes) {
      for (const I of [4, 10, 15]) {
        const p = params({ ...over, I });
        const prepared = izhikevich.prepare(p, 1);
        const state = prepared.createState(1);
        const spikeBuf = new Int32Array(1);
        let v = -65, u = p.b * v, mismatches = 0, spikes = 0;
        for (let t = 0; t < 1000; t++) {
          // Paper iteration t + 1 begins by resetting what iteration t left at or above 30 mV.
          const fired = v >= 30;
          if (fired) {
            v = p.c;
            u = u + p.d;
          }
          if (t > 0 && (state.v[0] !== v || state.u[0] !== u)) mismatches++;
          v = v + 0.5 * (0.04 * v ** 2 + 5 * v + 140 - u + I);
          v = v + 0.5 * (0.04 * v ** 2 + 5 * v + 140 - u + I);
          u = u + p.a * (p.b * v - u);
          const ours = prepared.step(state, 1, t, spikeBuf) > 0;
          if (ours !== v >= 30) mismatches++;
          if (ours) spikes++;
        }
        expect(mismatches).toBe(0);
        expect(spikes).toBeGreaterThan(0);
      }
    }
  });

  it('starts at v = −65 mV, u = b·v for every cell class; Isyn decays with τsyn', () => {
    const p = params({ b: 0.25, c: -50 });
    const state = izhikevich.prepare(p, 0.1).createState(2);
    expect(Array.from(state.v)).toEqual([IZHIKEVICH_V0, IZHIKEVICH_V0]);
    expect(Array.from(state.u)).toEqual([0.25 * -65, 0.25 * -65]);
    const { state: after } = simulate(izhikevich.prepare(D, 0.1), 0.1, 100, (k, s) => {
      if (k === 0) s.Isyn[0] = 3;
    });
    expect(after.Isyn[0]).toBeCloseTo(3 * Math.exp(-10 / D.tauSyn), 12);
  });

  it('a synaptic kick makes a resting neuron fire, at nearly the same time for dt = 0.1 and dt = 0.02', () => {
    // Isyn enters v's equation as its mean over each step, so a kick q delivers q·τsyn whatever dt is.
    const kickRun = (dt: number, q: number) =>
      simulate(izhikevich.prepare(D, dt), dt, Math.round(300 / dt), (k, s) => {
        if (k === Math.round(100 / dt)) s.Isyn[0] += q;
      }).spikes;
    expect(kickRun(0.1, 5)).toEqual([]);
    const a = kickRun(0.1, 60), b = kickRun(0.02, 60);
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBe(b.length);
    expect(Math.abs(a[0] - b[0])).toBeLessThan(0.3);
  });
});

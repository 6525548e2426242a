import { describe, expect, it } from 'vitest';
import { adex } from '../../../src/neurons/spiking/adex.js';
import { izhikevich } from '../../../src/neurons/spiking/izhikevich.js';
import { lifConductance, lifCurrent } from '../../../src/neurons/spiking/lif.js';
import type { SpikingModel, SpikingState } from '../../../src/neurons/spiking/model.js';
import { getSpikingModel, spikingModels } from '../../../src/neurons/spiking/registry.js';
import { mulberry32 } from '../../support/mulberry32.js';

/** Per model: parameters that make it fire, a spread of initial v, and a synaptic kick size per target. */
const setups: Record<string, { drive: Record<string, number>; vLow: number; vHigh: number; kick: number }> = {
  lif: { drive: { Ie: 8 }, vLow: -60, vHigh: -50, kick: 2 },
  'lif-cond': { drive: { I: 25 }, vLow: -60, vHigh: -50, kick: 0.3 },
  'lif-adaptive': { drive: { I: 150 }, vLow: -65, vHigh: -52, kick: 0.3 },
  adex: { drive: { I: 900 }, vLow: -72, vHigh: -45, kick: 300 },
  izhikevich: { drive: { I: 8 }, vLow: -70, vHigh: 20, kick: 10 },
};

function snapshot(model: SpikingModel, state: SpikingState): Record<string, number[]> {
  return Object.fromEntries(model.variables.map((name) => [name, Array.from(state[name])]));
}

/** Perturbs a state deterministically: spread v, kick every synaptic target. */
function perturb(model: SpikingModel, state: SpikingState, n: number, seed: number): void {
  const rand = mulberry32(seed);
  const { vLow, vHigh, kick } = setups[model.name];
  for (let i = 0; i < n; i++) {
    state.v[i] = vLow + (vHigh - vLow) * rand();
    for (const target of model.synapticTargets) state[target][i] += kick * rand();
  }
}

describe('spiking model registry', () => {
  it('names the five built-in models, each under its own name', () => {
    expect(Object.keys(spikingModels).sort()).toEqual(['adex', 'izhikevich', 'lif', 'lif-adaptive', 'lif-cond']);
    for (const [name, model] of Object.entries(spikingModels)) {
      expect(model.name).toBe(name);
      expect(getSpikingModel(name)).toBe(model);
    }
    expect(getSpikingModel('lif')).toBe(lifCurrent);
    expect(getSpikingModel('lif-cond')).toBe(lifConductance);
    expect(getSpikingModel('adex')).toBe(adex);
    expect(getSpikingModel('izhikevich')).toBe(izhikevich);
  });

  it('rejects an unknown name with the list of valid ones', () => {
    expect(() => getSpikingModel('hodgkin-huxley')).toThrow(/^unknown spiking model "hodgkin-huxley"; valid names are lif, lif-cond, lif-adaptive, adex, izhikevich$/);
    expect(() => getSpikingModel('toString')).toThrow(/unknown spiking model/);
  });
});

describe.each(Object.values(spikingModels).map((m) => [m.name, m] as const))('%s: the SpikingModel contract', (name, model) => {
  const setup = setups[name];
  const params = { ...model.defaults, ...setup.drive };

  it('declares v, its synaptic targets among its variables, and frozen defaults', () => {
    expect(model.variables[0]).toBe('v');
    for (const t of model.synapticTargets) expect(model.variables).toContain(t);
    expect(new Set(model.variables).size).toBe(model.variables.length);
    expect(Object.isFrozen(model.defaults)).toBe(true);
    for (const value of Object.values(model.defaults)) expect(Number.isFinite(value)).toBe(true);
  });

  it('createState is deterministic: one Float64Array of length n per variable, the same every time', () => {
    const prepared = model.prepare(params, 0.1);
    const a = prepared.createState(7), b = prepared.createState(7);
    expect(Object.keys(a).sort()).toEqual([...model.variables].sort());
    for (const v of model.variables) {
      expect(a[v]).toBeInstanceOf(Float64Array);
      expect(a[v].length).toBe(7);
      expect(a[v]).not.toBe(b[v]);
    }
    expect(snapshot(model, a)).toEqual(snapshot(model, b));
    for (const t of model.synapticTargets) expect(Array.from(a[t])).toEqual(new Array(7).fill(0));
    expect(prepared.createState(0).v.length).toBe(0);
  });

  it('resetState restores a freshly created state in place', () => {
    const prepared = model.prepare(params, 0.1);
    const n = 50;
    const state = prepared.createState(n);
    const arrays = model.variables.map((v) => state[v]);
    perturb(model, state, n, 1);
    const spikes = new Int32Array(n);
    let total = 0;
    for (let k = 0; k < 300; k++) total += prepared.step(state, n, k * 0.1, spikes);
    expect(total).toBeGreaterThan(0);
    expect(snapshot(model, state)).not.toEqual(snapshot(model, prepared.createState(n)));
    prepared.resetState(state);
    expect(snapshot(model, state)).toEqual(snapshot(model, prepared.createState(n)));
    model.variables.forEach((v, k) => expect(state[v]).toBe(arrays[k])); // same arrays, reset in place
    expect(() => prepared.resetState({ v: new Float64Array(3) })).toThrow(new RegExp(`${name}.resetState: state has no Float64Array "${model.variables[1]}"`));
  });

  it('step lists spikes in increasing index order, and a population behaves as its neurons run one by one', () => {
    const n = 64;
    const prepared = model.prepare(params, 0.1);
    const pop = prepared.createState(n);
    perturb(model, pop, n, 2);
    const singles = Array.from({ length: n }, (_, i) => {
      const s = prepared.createState(1);
      for (const v of model.variables) s[v][0] = pop[v][i];
      return s;
    });
    const spikes = new Int32Array(n), one = new Int32Array(1);
    let total = 0, multi = 0;
    for (let k = 0; k < 400; k++) {
      const count = prepared.step(pop, n, k * 0.1, spikes);
      total += count;
      if (count > 1) multi++;
      for (let j = 1; j < count; j++) expect(spikes[j]).toBeGreaterThan(spikes[j - 1]);
      const expected: number[] = [];
      singles.forEach((s, i) => {
        if (prepared.step(s, 1, k * 0.1, one) > 0) expected.push(i);
      });
      expect(Array.from(spikes.subarray(0, count))).toEqual(expected);
    }
    expect(total).toBeGreaterThan(n);
    expect(multi).toBeGreaterThan(0); // some steps really had several spikes to order
    // Only the first n neurons are stepped.
    const state = prepared.createState(4);
    perturb(model, state, 4, 3);
    const before = snapshot(model, state);
    prepared.step(state, 2, 0, new Int32Array(4));
    for (const v of model.variables) expect(Array.from(state[v]).slice(2)).toEqual(before[v].slice(2));
  });

  it('refuses a spike buffer shorter than n and an n larger than the state', () => {
    const prepared = model.prepare(params, 0.1);
    const state = prepared.createState(5);
    expect(() => prepared.step(state, 5, 0, new Int32Array(4))).toThrow(/spikes.length >= n/);
    expect(() => prepared.step(state, 6, 0, new Int32Array(6))).toThrow(/n <= state length/);
  });

  it('fills parameters missing from prepare() with their defaults', () => {
    const full = model.prepare({ ...model.defaults, ...setup.drive }, 0.1);
    const partial = model.prepare(setup.drive as typeof model.defaults, 0.1);
    const a = full.createState(3), b = partial.createState(3);
    perturb(model, a, 3, 4);
    perturb(model, b, 3, 4);
    for (let k = 0; k < 200; k++) {
      full.step(a, 3, k * 0.1, new Int32Array(3));
      partial.step(b, 3, k * 0.1, new Int32Array(3));
    }
    expect(snapshot(model, b)).toEqual(snapshot(model, a));
  });

  it('rejects bad parameters and time steps with errors that name them', () => {
    const d = model.defaults;
    expect(() => model.prepare({ ...d, toString: 1 }, 0.1)).toThrow(/unknown parameter "toString"/);
    expect(() => model.prepare({ ...d, bogus: 1 }, 0.1)).toThrow(new RegExp(`${name}: unknown parameter "bogus"; valid parameters are ${Object.keys(d).join(', ')}`));
    for (const key of Object.keys(d)) {
      expect(() => model.prepare({ ...d, [key]: Number.NaN }, 0.1)).toThrow(new RegExp(`parameter "${key}" .*must be a finite number, got NaN`));
    }
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => model.prepare(d, bad)).toThrow(new RegExp(`${name}: time step dt must be a positive finite number of ms, got ${bad}`));
    }
  });
});

describe('parameter range checks name the parameter', () => {
  const cases: Array<[SpikingModel, Record<string, number>, RegExp]> = [
    [lifCurrent, { tauM: -20 }, /lif: parameter "tauM" \(membrane time constant, ms\) must be > 0, got -20/],
    [lifCurrent, { tauE: 0 }, /lif: parameter "tauE" .* must be > 0, got 0/],
    [lifCurrent, { tRef: -1 }, /lif: parameter "tRef" \(refractory period, ms\) must be >= 0, got -1/],
    [lifCurrent, { Vr: -50 }, /lif: parameter "Vr" .*must be below the threshold Vt = -50 mV, got -50/],
    [lifConductance, { tauI: -10 }, /lif-cond: parameter "tauI" .* must be > 0, got -10/],
    [lifConductance, { Vr: -40 }, /lif-cond: parameter "Vr"/],
    [adex, { C: 0 }, /adex: parameter "C" \(membrane capacitance, pF\) must be > 0, got 0/],
    [adex, { deltaT: -2 }, /adex: parameter "deltaT" .* must be > 0/],
    [adex, { tauW: -1 }, /adex: parameter "tauW"/],
    [adex, { Vpeak: -60 }, /adex: parameter "Vpeak" .*must be above VT = -50.4 mV, got -60/],
    [adex, { Vr: -30 }, /adex: parameter "Vr" .*must be below Vpeak/],
    [izhikevich, { tauSyn: 0 }, /izhikevich: parameter "tauSyn" .* must be > 0, got 0/],
    [izhikevich, { c: 40 }, /izhikevich: parameter "c" .*must be below vPeak = 30 mV, got 40/],
  ];
  it.each(cases.map(([m, over, re]) => [m.name, JSON.stringify(over), m, over, re] as const))('%s %s', (_n, _o, model, over, re) => {
    expect(() => model.prepare({ ...model.defaults, ...over }, 0.1)).toThrow(re);
  });
});

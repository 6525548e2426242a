import { describe, expect, it } from 'vitest';
import { STDP_FEATURE_LEARNING_RULES } from '../../rules/stdp-features.js';
import { tripletStdp } from '../../rules/triplet-stdp.js';
import { Matrix } from '../../src/kernels/matrix.js';
import { DiehlCookNetwork, diehlCookDefaults } from '../../src/models/diehl-cook.js';
import { RandomStreams } from '../../src/random/streams.js';

/** Four random "images" of 49 pixels in [0, 1]. */
function images(): Matrix {
  const m = new Matrix(4, 49);
  new RandomStreams(8).stream('pixels').fillUniform(m.data, 0, 1);
  return m;
}

describe('Diehl & Cook network', () => {
  it('checks its plasticity options against the rule: a misspelt one is named with the valid ones', () => {
    expect(() => new DiehlCookNetwork({ ...diehlCookDefaults, excitatory: 5 }, 49, new RandomStreams(1), { rule: tripletStdp, options: { a3Plsu: 0.01 } }))
      .toThrow(`rule "triplet-stdp": unknown option "a3Plsu"; valid options are ${Object.keys(tripletStdp.defaults).join(', ')}`);
  });

  it('rests between images as a new trial: every state at its start except θ, which decays over the rest; weights and θ learned', () => {
    const { rule, options } = STDP_FEATURE_LEARNING_RULES.pair;
    const o = { ...diehlCookDefaults, excitatory: 8, tauTheta: 2e4, thetaPlus: 0.5, intensity: 8 };
    const dc = new DiehlCookNetwork(o, 49, new RandomStreams(2), { rule, options: { ...options } });
    const fresh = new DiehlCookNetwork(o, 49, new RandomStreams(2));
    const x = images();
    let spikes = 0;
    for (let r = 0; r < 4; r++) spikes += dc.present(x, r).reduce((a, b) => a + b, 0);
    expect(spikes).toBeGreaterThan(10);
    expect(Array.from(dc.feedforward.weight)).not.toEqual(Array.from(fresh.feedforward.weight));
    for (const pop of ['excitatory', 'inhibitory'] as const) {
      const s = dc.sim.state(dc[pop]), f = fresh.sim.state(fresh[pop]);
      for (const name of Object.keys(f)) if (name !== 'theta') expect(Array.from(s[name]), `${pop}.${name}`).toEqual(Array.from(f[name]));
    }
    // θ: θ0 decayed over every simulated step and every rest, plus θ+ per spike (each decayed since).
    const theta = Array.from(dc.theta);
    const decayedTheta0 = o.theta0 * Math.exp(-(dc.sim.t + (dc.sim.t / o.presentMs) * o.restMs) / o.tauTheta);
    expect(Math.min(...theta)).toBeGreaterThanOrEqual(decayedTheta0 * (1 - 1e-9));
    expect(theta.reduce((a, b) => a + b, 0) - 8 * decayedTheta0).toBeGreaterThan(0.5 * spikes * Math.exp(-(dc.sim.t * (1 + o.restMs / o.presentMs)) / o.tauTheta) * 0.999);
  });
});

import { describe, expect, it } from 'vitest';
import { lifAdaptive } from '../../../src/neurons/spiking/lif-adaptive.js';
import { lifConductance, membraneDecay } from '../../../src/neurons/spiking/lif.js';

const shared = { tauM: 100, tauE: 1, tauI: 2, El: -65, Ee: 0, Ei: -100, I: 20, Vt: -52, Vr: -65, tRef: 5 };

/** Steps n neurons with constant input plus an excitatory kick every 7 steps; returns the spike steps per neuron. */
function run(prepared: ReturnType<typeof lifAdaptive.prepare>, steps: number, n = 3) {
  const s = prepared.createState(n), spikes = new Int32Array(n), out: number[][] = Array.from({ length: n }, () => []);
  for (let k = 0; k < steps; k++) {
    if (k % 7 === 0) for (let i = 0; i < n; i++) s.ge[i] += 0.2 * (i + 1);
    const c = prepared.step(s, n, k * 0.5, spikes);
    for (let j = 0; j < c; j++) out[spikes[j]].push(k);
  }
  return { state: s, trains: out };
}

describe('lif-adaptive (Diehl & Cook 2015 excitatory neuron)', () => {
  it('with θ+ = 0 it is exactly the conductance LIF: identical spike trains and voltages', () => {
    const a = run(lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, thetaPlus: 0 }, 0.5), 4000);
    const b = run(lifConductance.prepare({ ...shared }, 0.5) as never, 4000);
    expect(a.trains.flat().length).toBeGreaterThan(30);
    expect(a.trains).toEqual(b.trains);
    expect(Array.from(a.state.v)).toEqual(Array.from(b.state.v));
  });

  it('each spike raises θ by θ+ and θ decays with τθ between spikes', () => {
    const tauTheta = 200, thetaPlus = 0.5, dt = 0.5;
    const { state, trains } = run(lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, thetaPlus, tauTheta }, dt), 3000, 1);
    // θ(T) = Σ over spikes of θ+·e^{−(T − t_k)/τθ}, with the spike at the end of step k (decay applied from the next step on).
    const T = 3000 - 1;
    const expected = trains[0].reduce((acc, k) => acc + thetaPlus * Math.exp(-((T - k) * dt) / tauTheta), 0);
    expect(trains[0].length).toBeGreaterThan(10);
    expect(Math.abs(state.theta[0] - expected)).toBeLessThan(1e-9);
  });

  it('θ starts at θ0 and the whole of θ decays, so the threshold Vt + θ falls towards Vt (Diehl & Cook\'s 20 mV offset)', () => {
    const tauTheta = 300, thetaPlus = 0.5, dt = 0.5, theta0 = 20;
    const prepared = lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, Vt: -72, theta0, thetaPlus, tauTheta }, dt);
    expect(prepared.createState(2).theta[1]).toBe(theta0);
    const { state, trains } = run(prepared, 3000, 1);
    const T = 3000 - 1;
    const expected = theta0 * Math.exp(-(3000 * dt) / tauTheta) + trains[0].reduce((acc, k) => acc + thetaPlus * Math.exp(-((T - k) * dt) / tauTheta), 0);
    expect(trains[0].length).toBeGreaterThan(10);
    expect(Math.abs(state.theta[0] - expected)).toBeLessThan(1e-9);
    // Equivalent at first to Vt = −52 with θ0 = 0: identical spike trains while θ0 has barely decayed.
    const slow = (p: Record<string, number>) => run(lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, thetaPlus, tauTheta: 1e12, ...p }, dt), 400, 1).trains[0];
    expect(slow({ Vt: -72, theta0 })).toEqual(slow({ Vt: -52, theta0: 0 }));
  });

  it('a higher threshold means fewer spikes for the same drive (homeostasis)', () => {
    const none = run(lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, thetaPlus: 0 }, 0.5), 4000).trains.flat().length;
    const adaptive = run(lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, thetaPlus: 1 }, 0.5), 4000).trains.flat().length;
    expect(adaptive).toBeLessThan(none * 0.8);
  });

  it('rejects a negative θ+ and names it', () => {
    expect(() => lifAdaptive.prepare({ ...lifAdaptive.defaults, thetaPlus: -1 }, 0.5)).toThrow(/thetaPlus/);
  });
});

describe('membraneDecay: exp(−G·dt/τm) without Math.exp for small conductances', () => {
  it('matches Math.exp to within 2 ulp across small and large conductances', () => {
    const dtOverTauM = 0.005, pM = Math.exp(-dtOverTauM);
    for (const g of [0, 1e-12, 1e-9, 1e-6, 1e-4, 0.05, 0.1999, 0.2, 0.3, 1, 10, 100]) {
      const exact = Math.exp(-(1 + g) * dtOverTauM);
      expect(Math.abs(membraneDecay(1 + g, dtOverTauM, pM) - exact) / exact).toBeLessThan(4.5e-16);
    }
  });
});

describe('lif-adaptive minInterval (Diehl & Cook\'s timer)', () => {
  it('no two spikes of a neuron are closer than minInterval, and with a strong drive they are exactly that far apart', () => {
    const dt = 0.5;
    const prepared = lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, I: 400, thetaPlus: 0, minInterval: 50 }, dt);
    const { trains } = run(prepared, 2000, 1);
    const gaps = trains[0].slice(1).map((k, j) => (k - trains[0][j]) * dt);
    expect(gaps.length).toBeGreaterThan(15);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(50);
    expect(Math.min(...gaps)).toBe(50);
    // Without it the same drive fires every few ms.
    const free = run(lifAdaptive.prepare({ ...lifAdaptive.defaults, ...shared, I: 400, thetaPlus: 0 }, dt), 2000, 1).trains[0];
    expect(free.length).toBeGreaterThan(3 * trains[0].length);
  });
});

/**
 * The spiking kernels in the WebAssembly module against their JavaScript twins, the readable reference: the
 * neuron steps of lif, lif-cond and lif-adaptive (src/kernels/wasm/assembly/neurons.ts), the pair-STDP
 * updates (src/learning/stdp-pair-updates.ts), the Poisson sources' spike test, and spike propagation and
 * delivery (src/sim/clock.ts). The same inputs run once in the WebAssembly heap (the module runs) and once in
 * plain typed arrays (the JavaScript loop runs); every state variable, weight and spike list must be the
 * same bits, on odd sizes and with the branches exercised: refractory neurons, countdowns ending at half a
 * step, values exactly at threshold, lif-cond's two forms of the membrane decay, lif-adaptive's timer.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { allocF64, allocI32, wasm } from '../../src/kernels/backend.js';
import { Network } from '../../src/graph/network.js';
import { lifAdaptive } from '../../src/neurons/spiking/lif-adaptive.js';
import { lifConductance, lifCurrent, lifWasmThreshold } from '../../src/neurons/spiking/lif.js';
import type { SpikingModel, SpikingState } from '../../src/neurons/spiking/model.js';
import { depressOnPre, potentiateOnPost, STDP_WASM_MIN_ROW } from '../../src/learning/stdp-pair-updates.js';
import { normaliseByPost } from '../../src/learning/normalise-by-post.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ClockSimulator } from '../../src/sim/clock.js';
import { SpikeMonitor } from '../../src/sim/monitors.js';
import { PoissonSource } from '../../src/sim/sources.js';
import { mulberry32 } from './helpers.js';

const heapPath = wasm();
const SIZES = [1, 2, 7, 13, 1000];

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `element ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

const plainCopy = (s: SpikingState): SpikingState => Object.fromEntries(Object.entries(s).map(([k, a]) => [k, Float64Array.from(a)]));

/** A state in which every branch of the step is taken, in both lanes of a pair and in the scalar tail. */
function scramble(model: string, s: SpikingState, n: number, rand: () => number, dt: number): void {
  const p = (lifAdaptive.name === model ? lifAdaptive : model === 'lif' ? lifCurrent : lifConductance).defaults as Record<string, number>;
  for (let i = 0; i < n; i++) {
    const u = rand();
    s.v[i] = p.Vr + (p.Vt - p.Vr + 3) * rand(); // from reset to a little above threshold
    // Conductances: zero, tiny (lif-cond's Taylor branch), ordinary and huge (its exp branch).
    const scale = u < 0.2 ? 0 : u < 0.5 ? 1e-6 : u < 0.9 ? 1 : 50;
    s.ge[i] = scale * rand();
    s.gi[i] = model === 'lif' ? -scale * rand() : scale * rand();
    const r = rand();
    s.refractory[i] = r < 0.6 ? 0 : r < 0.7 ? 0.5 * dt + 1e-12 : r < 0.8 ? 1.5 * dt : 3 * rand();
    if (s.theta) {
      s.theta[i] = 5 * rand();
      const b = rand();
      s.blocked[i] = b < 0.6 ? 0 : b < 0.8 ? dt : 10 * rand();
    }
  }
}

type Case = { model: SpikingModel; params: Record<string, number> };
const CASES: Case[] = [
  { model: lifCurrent, params: {} },
  { model: lifCurrent, params: { Ie: 3, tRef: 0 } },
  { model: lifConductance, params: {} },
  { model: lifConductance, params: { tauM: 10, tauE: 5, El: -74, Ee: 0, I: 0, Vt: -54, Vr: -60, tRef: 0 } },
  { model: lifAdaptive, params: { I: 30 } },
  { model: lifAdaptive, params: { I: 30, tauM: 20, minInterval: 5, thetaPlus: 0.5, tauTheta: 50 } },
];

describe.skipIf(!heapPath)('spiking kernels in WebAssembly equal their JavaScript twins bit for bit', () => {
  it('the state a model creates, and a simulator\'s spike lists and CSR arrays, live in the heap', () => {
    const s = lifCurrent.prepare(lifCurrent.defaults, 0.1).createState(5);
    expect(heapPath!.heap.holds(s.v, s.ge, s.gi, s.refractory)).toBe(true);
    const net = new Network();
    const a = net.addPopulation('a', 3, { kind: 'spiking', model: 'lif' });
    const g = net.connectSpiking(a, a, { connectivity: { kind: 'all-to-all' }, weight: 1, target: 'ge' }, new RandomStreams(1));
    expect(heapPath!.heap.holds(g.rowStart, g.postIndex, g.weight)).toBe(true);
  });

  for (const { model, params } of CASES) {
    it(`${model.name} ${JSON.stringify(params)}: 60 steps, sizes ${SIZES.join(', ')}, same state and spikes`, () => {
      const dt = 0.1;
      const threshold = lifWasmThreshold.neurons;
      lifWasmThreshold.neurons = 0; // the module on every size, even where JavaScript is faster
      onTestFinished(() => void (lifWasmThreshold.neurons = threshold));
      for (const n of SIZES) {
        const rand = mulberry32(n * 7 + model.name.length);
        let prepared = model.prepare({ ...model.defaults, ...params }, dt);
        const heap = prepared.createState(n);
        scramble(model.name, heap, n, rand, dt);
        // Values exactly at threshold (which do not spike: the test is v > Vt): one JavaScript step with the
        // threshold out of reach gives neuron 0's next v; that value becomes the threshold.
        if (model !== lifAdaptive && heap.refractory[0] === 0) {
          const probe = plainCopy(heap);
          model.prepare({ ...model.defaults, ...params, Vt: 1e9 }, dt).step(probe, n, 0, new Int32Array(n));
          prepared = model.prepare({ ...model.defaults, ...params, Vt: probe.v[0] }, dt);
        }
        const plain = plainCopy(heap);
        const spikesH = allocI32(n), spikesP = new Int32Array(n);
        let fired = 0;
        for (let step = 0; step < 60; step++) {
          const cH = prepared.step(heap, n, step * dt, spikesH), cP = prepared.step(plain, n, step * dt, spikesP);
          expect(cH, `${model.name} n=${n} step ${step}: spike count`).toBe(cP);
          expect(firstDifference(spikesH.subarray(0, cH), spikesP.subarray(0, cP)), `${model.name} n=${n} step ${step}: spikes`).toBeNull();
          for (const k of model.variables) expect(firstDifference(heap[k], plain[k]), `${model.name} n=${n} step ${step}: ${k}`).toBeNull();
          // Input between steps, so that neurons keep firing and the conductances stay mixed.
          for (let i = 0; i < n; i++) {
            const kick = rand() < 0.1 ? (model === lifCurrent ? 20 * rand() : 3 * rand()) : 0;
            heap.ge[i] += kick;
            plain.ge[i] += kick;
          }
          fired += cH;
        }
        for (const k of model.variables) for (const x of heap[k]) expect(Number.isNaN(x)).toBe(false);
        if (n >= 7) expect(fired, `${model.name} n=${n}: some spikes`).toBeGreaterThan(0);
      }
    });
  }

  it('weight normalisation by postsynaptic neuron (all-to-all and random targets, a neuron with no input, one with negative sum) gives the same weights', () => {
    for (const [nPre, nPost] of [[784, 100], [13, 7], [1, 1], [300, 257]]) {
      const rand = mulberry32(nPre * 3 + nPost);
      const count = nPre * nPost;
      const w = allocF64(count), post = allocI32(count), sums = allocF64(nPost);
      for (let k = 0; k < count; k++) {
        // Half the cases all-to-all (post = k mod nPost), half random targets that leave the last neuron without input.
        post[k] = nPre % 2 === 0 ? k % nPost : Math.floor(rand() * Math.max(1, nPost - 1));
        w[k] = post[k] === 1 ? -rand() : rand() < 0.1 ? 0 : rand();
      }
      const wP = Float64Array.from(w), postP = Int32Array.from(post), sumsP = new Float64Array(nPost);
      for (const target of [78, 1e-3]) {
        normaliseByPost(w, post, sums, target);
        normaliseByPost(wP, postP, sumsP, target);
        expect(firstDifference(w, wP), `${nPre}×${nPost}, target ${target}`).toBeNull();
        expect(firstDifference(sums, sumsP), `${nPre}×${nPost}, target ${target}: scales`).toBeNull();
      }
      if (nPost > 1) expect(w.some((x) => x !== 0)).toBe(true);
    }
  });

  it('pair STDP updates (additive and soft bounds, short and long rows, zero traces) give the same weights', () => {
    for (const nPre of [1, 7, 13, 1000]) {
      for (const soft of [false, true]) {
        const rand = mulberry32(nPre + (soft ? 1 : 0));
        const nPost = 13, count = nPre * nPost;
        // Dense CSR by pre neuron, and the post index over it (synapse q of post j from pre i is k = i·nPost + j).
        const postOf = allocI32(count), synapse = allocI32(count), preOf = allocI32(count);
        for (let i = 0; i < nPre; i++) for (let j = 0; j < nPost; j++) postOf[i * nPost + j] = j;
        for (let j = 0; j < nPost; j++) for (let i = 0; i < nPre; i++) { synapse[j * nPre + i] = i * nPost + j; preOf[j * nPre + i] = i; }
        const wH = allocF64(count), x = allocF64(nPre), y = allocF64(nPost);
        for (let k = 0; k < count; k++) wH[k] = rand() < 0.05 ? 0 : rand() < 0.05 ? 0.01 : 0.01 * rand();
        for (let i = 0; i < nPre; i++) x[i] = rand() < 0.3 ? 0 : 3 * rand();
        for (let j = 0; j < nPost; j++) y[j] = rand() < 0.3 ? 0 : 3 * rand();
        const wP = Float64Array.from(wH);
        const [postOfP, synapseP, preOfP, xP, yP] = [Int32Array.from(postOf), Int32Array.from(synapse), Int32Array.from(preOf), Float64Array.from(x), Float64Array.from(y)];
        for (let round = 0; round < 20; round++) {
          const i = Math.floor(rand() * nPre), j = Math.floor(rand() * nPost), f = 0.5 + rand();
          depressOnPre(wH, postOf, y, f, i * nPost, (i + 1) * nPost, 0.0105, 0, soft);
          depressOnPre(wP, postOfP, yP, f, i * nPost, (i + 1) * nPost, 0.0105, 0, soft);
          potentiateOnPost(wH, synapse, preOf, x, f, j * nPre, (j + 1) * nPre, 0.01, 0.01, soft);
          potentiateOnPost(wP, synapseP, preOfP, xP, f, j * nPre, (j + 1) * nPre, 0.01, 0.01, soft);
          expect(firstDifference(wH, wP), `nPre ${nPre} soft ${soft} round ${round}`).toBeNull();
        }
      }
    }
    expect(STDP_WASM_MIN_ROW).toBeLessThanOrEqual(13);
  });

  it('Poisson sources emit the same spikes with the test in the module and in JavaScript', () => {
    for (const n of SIZES) {
      const rates = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 5 + (i % 40) * 10));
      const a = new PoissonSource(n, rates, new RandomStreams(3).stream('p'));
      const b = new PoissonSource(n, rates, new RandomStreams(3).stream('p'));
      (b as unknown as { at: undefined }).at = undefined; // the JavaScript loop
      const sa = allocI32(n), sb = allocI32(n);
      for (let step = 0; step < 2000; step++) {
        if (step === 700) for (const s of [a, b]) s.setRates(rates.map((r) => 2 * r)); // new rates: every block's bound is reset
        const ca = a.step(step * 0.1, 0.1, sa), cb = b.step(step * 0.1, 0.1, sb);
        expect(ca).toBe(cb);
        expect(firstDifference(sa.subarray(0, ca), sb.subarray(0, cb)), `n=${n} step ${step}`).toBeNull();
      }
    }
  });

  it('spike propagation (no delay, a uniform delay, a delay per synapse) and delivery give the same spikes and state', () => {
    const run = (javascript: boolean, delay: number | { kind: 'uniform'; low: number; high: number }) => {
      const streams = new RandomStreams(11);
      const net = new Network();
      const exc = net.addPopulation('exc', 13, { kind: 'spiking', model: 'lif', params: { tRef: 2, Ie: 5 } });
      const inh = net.addPopulation('inh', 7, { kind: 'spiking', model: 'lif', params: { tRef: 2 } });
      const groups = [
        net.connectSpiking(exc, exc, { connectivity: { kind: 'fixed-probability', p: 0.5, allowSelf: true }, weight: { kind: 'uniform', low: 0, high: 4 }, delay, target: 'ge' }, streams),
        net.connectSpiking(exc, inh, { connectivity: { kind: 'all-to-all' }, weight: 2, delay, target: 'ge' }, streams),
        net.connectSpiking(inh, exc, { connectivity: { kind: 'all-to-all' }, weight: -0.5, delay: 0, target: 'gi' }, streams),
      ];
      if (javascript) for (const g of groups) (g as unknown as { rowStart: Int32Array }).rowStart = Int32Array.from(g.rowStart); // not in the heap: the JavaScript loops
      const sim = new ClockSimulator(net, { dt: 0.1, streams });
      if (javascript) (sim as unknown as { fast: null }).fast = null;
      for (const p of [exc, inh]) sim.initialise(p, 'v', { kind: 'uniform', low: -60, high: -49 });
      const mons = [exc, inh].map((p) => sim.addMonitor(new SpikeMonitor(p)));
      sim.run(300);
      return { spikes: mons.map((m) => [...m.indices(), ...m.times()]), state: [exc, inh].flatMap((p) => Object.values(sim.state(p)).map((a) => a.slice())) };
    };
    for (const delay of [0, 1.5, { kind: 'uniform' as const, low: 0, high: 3 }]) {
      const w = run(false, delay), j = run(true, delay);
      expect(w.spikes[0].length, `delay ${JSON.stringify(delay)}: some spikes`).toBeGreaterThan(10);
      for (let k = 0; k < 2; k++) expect(firstDifference(w.spikes[k], j.spikes[k]), `delay ${JSON.stringify(delay)}: spikes`).toBeNull();
      for (let k = 0; k < w.state.length; k++) expect(firstDifference(w.state[k], j.state[k]), `delay ${JSON.stringify(delay)}: state ${k}`).toBeNull();
    }
  });
});

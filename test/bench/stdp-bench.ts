/**
 * Song 2000 STDP network (1000 Poisson inputs → 1 conductance LIF neuron, additive STDP), 100 s of
 * biological time: wall seconds, real-time factor, and the cost of plasticity (the same network with
 * fixed weights). Where Brian2 is installed, its run of the same model in the same call gives the ratio.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import song2000, { song2000Defaults } from '../../experiments/stdp-song2000.js';
import { Network } from '../../src/graph/network.js';
import { RandomStreams } from '../../src/random/streams.js';
import { ClockSimulator } from '../../src/sim/clock.js';
import { median } from './median.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The same network without plasticity: only the simulation cost. */
function withoutPlasticity(durationS: number, seed: number): number {
  const streams = new RandomStreams(seed);
  const net = new Network();
  const input = net.addPopulation('input', 1000, { kind: 'poisson', rate: 15 });
  const neuron = net.addPopulation('neuron', 1, { kind: 'spiking', model: 'lif-cond', params: { tauM: 10, tauE: 5, El: -74, Ee: 0, I: 0, Vt: -54, Vr: -60, tRef: 0 } });
  net.connectSpiking(input, neuron, { connectivity: { kind: 'all-to-all' }, weight: { kind: 'uniform', low: 0, high: 0.01 }, target: 'ge' }, streams);
  const sim = new ClockSimulator(net, { dt: 0.1, streams });
  const t0 = performance.now();
  sim.run(durationS * 1000);
  return (performance.now() - t0) / 1000;
}

export async function benchStdp(opts: { repeats?: number; durationS?: number } = {}): Promise<void> {
  const repeats = opts.repeats ?? 3, durationS = opts.durationS ?? 100;
  const withRule: number[] = [], without: number[] = [];
  for (let k = 1; k <= repeats; k++) {
    const out = await song2000.simulate({ seed: k, params: { ...song2000Defaults, durationS }, streams: new RandomStreams(k), log: () => {} });
    withRule.push(out.metrics.simulationSeconds);
    without.push(withoutPlasticity(durationS, k));
  }
  const w = median(withRule), wo = median(without);
  let brian = '';
  const py = spawnSync('/usr/bin/python3', ['test/bench/brian2/stdp_song2000.py', '--seed', '1', '--duration-s', String(durationS), '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (py.status === 0) {
    const j = JSON.parse(py.stdout.trim().split('\n').pop()!) as { timing: Record<string, number> };
    brian = ` | Brian2 (Cython) run ${j.timing.run_s.toFixed(2)} s, end to end ${j.timing.end_to_end_s.toFixed(2)} s | speed-up vs Brian2 run ${(j.timing.run_s / w).toFixed(2)}×`;
  } else brian = ' | (Brian2 or test/bench/brian2/stdp_song2000.py not available: no ratio)';
  console.log(`  ${durationS} s simulated: with STDP ${w.toFixed(2)} s (real-time factor ${(w / durationS).toFixed(3)}), without ${wo.toFixed(2)} s; plasticity costs ${(100 * (w / wo - 1)).toFixed(0)}%${brian}`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await benchStdp();

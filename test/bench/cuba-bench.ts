/**
 * CUBA for 1 s of biological time at several sizes (p = 80/N, ~80 synapses per neuron), each run in a
 * fresh process: setup and simulation seconds, end-to-end seconds (process start to exit, including
 * Node and TypeScript start-up), real-time factor, synaptic events per second and peak memory. Where
 * Brian2 is installed (Debian's python3-brian, /usr/bin/python3), the same network runs there in the
 * same call and the ratios are printed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Ours { setupSeconds: number; simulationSeconds: number; endToEnd: number; events: number; peakRssMB: number; meanRateHz: number }

function runOurs(N: number, seed: number): Ours {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/cuba-once.ts', String(N), String(seed)], { cwd: ROOT, encoding: 'utf8' });
  const endToEnd = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`cuba-once N=${N} failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()!), endToEnd };
}

function brianAvailable(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import brian2'], { encoding: 'utf8' }).status === 0;
}

function runBrian(N: number, seed: number, target: 'cython' | 'cpp_standalone'): { total: number; run: number; endToEnd: number } | null {
  const r = spawnSync('/usr/bin/python3', ['test/bench/brian2/cuba.py', '--N', String(N), '--seed', String(seed), '--target', target, '--json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return null;
  const j = JSON.parse(r.stdout.trim().split('\n').pop()!) as { timing: Record<string, number> };
  return { total: j.timing.total_s, run: j.timing.run_s, endToEnd: j.timing.end_to_end_s };
}

export async function benchCuba(opts: { sizes?: number[]; repeats?: number; brian?: boolean } = {}): Promise<void> {
  const sizes = opts.sizes ?? [4000, 16000, 64000];
  const repeats = opts.repeats ?? 3;
  const withBrian = (opts.brian ?? true) && brianAvailable();
  const f = (x: number, d = 2) => x.toFixed(d);
  console.log(`  ${'N'.padStart(6)}  ${'setup s'.padStart(8)}  ${'sim s'.padStart(7)}  ${'end-to-end s'.padStart(12)}  ${'RTF'.padStart(5)}  ${'events/s'.padStart(10)}  ${'peak MB'.padStart(8)}  ${'rate Hz'.padStart(7)}${withBrian ? '  | Brian2 cython e2e s   loop s (C++)   ours/cython e2e   our sim/C++ loop' : ''}`);
  for (const N of sizes) {
    const runs = Array.from({ length: repeats }, (_, k) => runOurs(N, k + 1));
    const m = (key: keyof Ours) => median(runs.map((r) => r[key]));
    let brian = '';
    if (withBrian) {
      const cy = Array.from({ length: repeats }, (_, k) => runBrian(N, k + 1, 'cython')).filter((x) => x !== null);
      // The compiled loop is short and noisy on a shared machine: the median of `repeats` runs too.
      const cppRuns = Array.from({ length: repeats }, (_, k) => runBrian(N, k + 1, 'cpp_standalone')).filter((x) => x !== null);
      const cpp = cppRuns.length ? { run: median(cppRuns.map((c) => c!.run)) } : null;
      const cyE2E = cy.length ? median(cy.map((c) => c!.endToEnd)) : NaN;
      brian = `  | ${f(cyE2E).padStart(20)}  ${cpp ? f(cpp.run, 3).padStart(14) : '—'.padStart(14)}  ${f(m('endToEnd') / cyE2E).padStart(16)}  ${cpp ? f(m('simulationSeconds') / cpp.run).padStart(16) : '—'}`;
    }
    console.log(`  ${String(N).padStart(6)}  ${f(m('setupSeconds')).padStart(8)}  ${f(m('simulationSeconds')).padStart(7)}  ${f(m('endToEnd')).padStart(12)}  ${f(m('simulationSeconds')).padStart(5)}  ${(m('events') / m('simulationSeconds')).toExponential(2).padStart(10)}  ${f(m('peakRssMB'), 0).padStart(8)}  ${f(m('meanRateHz')).padStart(7)}${brian}`);
  }
  if (!withBrian) console.log('  (Brian2 not found at /usr/bin/python3: apt-get install python3-brian to print the ratios)');
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await benchCuba();

/**
 * Speed-up from `--workers`: the same sweep (2 rules × 4 seeds of a small MNIST run, 8 independent runs) run
 * by the real CLI with --workers 1 and with --workers N in fresh processes; wall seconds (median of
 * `repeats`), the speed-up, and a check that both give bit-identical runs.jsonl (apart from timings).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARGS = ['run', 'mnist-backprop', '--rules', 'backprop', '--seeds', '1,2,3,4,5,6,7,8', '--epochs', '1', '--set', 'tasks=[{"task":"mnist","options":{"trainLimit":6000,"testLimit":2000}}]', '--quiet'];

function sweep(workers: number): { seconds: number; runs: string } {
  const out = mkdtempSync(join(tmpdir(), 'plasticity-workers-'));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'src/cli/plasticity.js'), ...ARGS, '--workers', String(workers), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`workers bench: --workers ${workers} failed: ${r.stderr}`);
  // Timings differ between runs; everything else must not.
  const runs = readFileSync(join(out, 'runs.jsonl'), 'utf8').replace(/"(wallSeconds|seconds)":[0-9.e+-]+/g, '"$1":0').split('\n').sort().join('\n');
  return { seconds, runs };
}

export function benchWorkers(opts: { workers?: number; repeats?: number } = {}): void {
  const workers = opts.workers ?? 2, repeats = opts.repeats ?? 3;
  const one = Array.from({ length: repeats }, () => sweep(1));
  const many = Array.from({ length: repeats }, () => sweep(workers));
  const a = median(one.map((s) => s.seconds)), b = median(many.map((s) => s.seconds));
  const identical = one.every((s) => s.runs === many[0].runs) && many.every((s) => s.runs === many[0].runs);
  console.log(`  8 runs (backprop, 6k MNIST images, 1 epoch each), end to end incl. process start:`);
  console.log(`  --workers 1: ${a.toFixed(1)} s | --workers ${workers}: ${b.toFixed(1)} s | speed-up ${(a / b).toFixed(2)}× | results identical: ${identical ? 'yes' : 'NO'}`);
  if (!identical) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) benchWorkers();

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What a PyTorch timing script under test/bench/torch/ prints last, as JSON. */
export interface TorchTiming {
  samples_per_second: number;
  torch: string;
}

/**
 * Runs one PyTorch timing script with Debian's python3 on one thread (OMP/MKL pinned) and returns its result,
 * or the last line of its error (PyTorch missing, a failed run) for the bench to print as a notice.
 */
export function runTorchTiming(script: string, args: string[]): TorchTiming | string {
  const r = spawnSync('/usr/bin/python3', [script, '--json', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  if (r.error || r.status !== 0) return (r.stderr || String(r.error)).trim().split('\n').pop() ?? 'failed';
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as TorchTiming;
}

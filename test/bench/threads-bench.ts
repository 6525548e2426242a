/**
 * Would one run gain from splitting its work across both cores? The best case of any split: the two halves
 * of a 256×784×256 product (rows 0–127 and 128–255), each in its own worker thread with its own kernel heap,
 * started together and timed to the slower one's end, against one thread doing both halves; the same for
 * a CUBA-sized neuron update would gain less (less work per synchronisation). No synchronisation cost is
 * counted beyond one start and one finish per round of `calls` products, so the speed-up printed is an upper
 * bound for splitting products or neuron updates inside a run.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { median } from './median.js';

const HALF = fileURLToPath(new URL('./threads-half.ts', import.meta.url));

function startWorker(): Promise<Worker> {
  const w = new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(HALF)}); });`, { eval: true });
  return new Promise((resolve, reject) => {
    w.once('message', (m) => (m === 'ready' ? resolve(w) : reject(new Error(String(m)))));
    w.once('error', reject);
  });
}

const ask = (w: Worker, calls: number): Promise<number> =>
  new Promise((resolve) => {
    w.once('message', (seconds: number) => resolve(seconds));
    w.postMessage(calls);
  });

export async function benchThreads(opts: { repeats?: number; calls?: number } = {}): Promise<void> {
  const repeats = Math.max(3, opts.repeats ?? 5), calls = opts.calls ?? 40;
  const [a, b] = await Promise.all([startWorker(), startWorker()]);
  await Promise.all([ask(a, 10), ask(b, 10)]); // warm-up
  const one: number[] = [], two: number[] = [];
  for (let r = 0; r < repeats; r++) {
    // One thread: both halves in turn.
    let t0 = performance.now();
    await ask(a, 2 * calls);
    one.push((performance.now() - t0) / 1000);
    // Two threads: a half each, at once.
    t0 = performance.now();
    await Promise.all([ask(a, calls), ask(b, calls)]);
    two.push((performance.now() - t0) / 1000);
  }
  await Promise.all([a.terminate(), b.terminate()]);
  const s1 = median(one), s2 = median(two);
  const gflops = (s: number) => (2 * calls * 2 * 128 * 784 * 256) / s / 1e9;
  console.log(`  ${2 * calls} half-products (128×784×256): one thread ${s1.toFixed(2)} s (${gflops(s1).toFixed(1)} GFLOP/s), two threads ${s2.toFixed(2)} s (${gflops(s2).toFixed(1)} GFLOP/s) | best-case speed-up of splitting ${(s1 / s2).toFixed(2)}×`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await benchThreads();

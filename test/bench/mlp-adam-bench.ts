/**
 * One epoch of the network most researchers would compare with NumPy: 784-256-256-10 tanh, softmax
 * cross-entropy, Adam (lr 1e-3), batch 64, the 60,000 MNIST training images in a shuffled order, float64.
 * Our side is the real trainer (its per-epoch `seconds`: shuffling, gathering minibatches, forward, backward,
 * Adam; the test-set evaluations around it are not timed); the reference is test/bench/numpy/mlp_adam.py doing
 * the same arithmetic with NumPy + OpenBLAS on one thread, run in the same rounds, alternating.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { backprop } from '../../rules/backprop.js';
import { layeredNetwork } from '../../src/graph/layered.js';
import { RandomStreams } from '../../src/random/streams.js';
import type { Task } from '../../src/tasks/task.js';
import { train } from '../../src/training/trainer.js';
import { median } from './median.js';
import { helperUp } from './threads-bench.js';
import { useThreads } from '../../src/kernels/backend.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function oursOnce(task: Task, seed: number): { seconds: number; accuracy: number } {
  const streams = new RandomStreams(seed);
  const net = layeredNetwork({ sizes: [784, 256, 256, 10], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' });
  net.initialise(streams);
  const r = train({ net, rule: backprop, task, streams, config: { epochs: 1, batchSize: 64, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 1e-3 } } });
  return { seconds: r.epochs[1].seconds, accuracy: r.epochs[1].testAccuracy! };
}

interface NumpyResult { seconds: number; test_accuracy: number; numpy: string; blas: string }

function numpyOnce(seed: number, threads = 1): NumpyResult | string {
  const r = spawnSync('/usr/bin/python3', ['test/bench/numpy/mlp_adam.py', '--json', '--seed', String(seed)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) } });
  if (r.error || r.status !== 0) return (r.stderr || String(r.error)).trim().split('\n').pop() ?? 'failed';
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as NumpyResult;
}

export async function benchMlpAdam(task: Task, opts: { repeats?: number } = {}): Promise<void> {
  const repeats = Math.max(3, opts.repeats ?? 3);
  const ours: number[] = [], ours2: number[] = [], theirs: number[] = [], theirs2: number[] = [];
  let accuracy = 0, numpyAccuracy = 0, numpyInfo = '', missing = '';
  const twoThreads = await helperUp();
  useThreads(1);
  oursOnce(task, 99); // warm-up: the JIT compiles the trainer's paths
  for (let k = 1; k <= repeats; k++) {
    useThreads(1);
    const o = oursOnce(task, k);
    ours.push(o.seconds);
    accuracy = o.accuracy;
    if (twoThreads) {
      useThreads(2);
      const o2 = oursOnce(task, k);
      if (o2.accuracy !== o.accuracy) throw new Error(`mlp-adam: seed ${k} gave test accuracy ${o.accuracy} on one thread and ${o2.accuracy} on two`);
      ours2.push(o2.seconds);
      useThreads(1);
    }
    if (missing) continue;
    const n = numpyOnce(k);
    if (typeof n === 'string') missing = n;
    else {
      theirs.push(n.seconds);
      numpyAccuracy = n.test_accuracy;
      if (twoThreads) {
        const n2 = numpyOnce(k, 2);
        if (typeof n2 !== 'string') theirs2.push(n2.seconds);
      }
      numpyInfo = `NumPy ${n.numpy} + ${n.blas}, 1 thread`;
    }
  }
  const mine = median(ours);
  const line = `  one epoch: plasticity 1 thread ${mine.toFixed(2)} s (test accuracy ${(100 * accuracy).toFixed(1)}%)`;
  if (missing) {
    console.log(`${line} | NumPy reference not run (${missing}); install it with: apt-get install python3-numpy libopenblas0-pthread`);
    return;
  }
  const ref = median(theirs);
  console.log(`${line} | ${numpyInfo} ${ref.toFixed(2)} s (test accuracy ${(100 * numpyAccuracy).toFixed(1)}%) | speed ratio vs NumPy ${(ref / mine).toFixed(2)}×`);
  if (ours2.length) {
    const two = median(ours2);
    const ref2 = theirs2.length ? median(theirs2) : NaN;
    console.log(`  one epoch: plasticity 2 threads (kernel helper thread) ${two.toFixed(2)} s, same accuracy | speed ratio vs NumPy 1 thread ${(ref / two).toFixed(2)}× | NumPy with OpenBLAS on 2 threads ${ref2.toFixed(2)} s, ratio ${(ref2 / two).toFixed(2)}×`);
  }
}

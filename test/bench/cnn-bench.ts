/**
 * Conv-net training speed: the mnist-cnn network (the classic Keras MNIST example: conv 32 3×3 → max-pool →
 * conv 64 3×3 → max-pool → dense 64 → 10; ReLU, softmax cross-entropy, Adam 1e-3, batch 128) on the first N
 * MNIST training images, against PyTorch on CPU training the same network with the same batch and optimiser
 * (test/bench/torch/cnn_train.py), in the same rounds, alternating. Our side is the real trainer's per-epoch
 * `seconds` (shuffling, gathering minibatches, forward, backward, Adam); PyTorch's is its timed batches.
 * PyTorch runs in float32 (its default) and in float64 (our arithmetic), one thread each; we run on one
 * thread and on two (the kernel helper thread), and two threads must give the same test accuracy.
 */
import { backprop } from '../../rules/backprop.js';
import { buildNetwork } from '../../src/experiment/network-plan.js';
import { useThreads } from '../../src/kernels/backend.js';
import { RandomStreams } from '../../src/random/streams.js';
import { createTask } from '../../src/tasks/registry.js';
import type { Task } from '../../src/tasks/task.js';
import { train } from '../../src/training/trainer.js';
import mnistCnn from '../../experiments/mnist-cnn.js';
import { median } from './median.js';
import { runTorchTiming, type TorchTiming } from './torch-timing.js';
import { helperUp } from './threads-bench.js';


function oursOnce(task: Task, seed: number): { perSecond: number; accuracy: number } {
  const streams = new RandomStreams(seed), spec = mnistCnn.network;
  const net = buildNetwork(spec, task);
  net.initialise(streams);
  const r = train({ net, rule: backprop, task, streams, config: { epochs: 1, batchSize: 128, loss: 'cross-entropy', optimiser: { kind: 'adam', lr: 1e-3 } } });
  return { perSecond: task.train.inputs.rows / r.epochs[1].seconds, accuracy: r.epochs[1].testAccuracy! };
}

function torchOnce(dtype: 'float32' | 'float64', samples: number, seed: number): TorchTiming | string {
  return runTorchTiming('test/bench/torch/cnn_train.py', ['--dtype', dtype, '--threads', '1', '--samples', String(samples), '--seed', String(seed)]);
}

export async function benchCnn(opts: { repeats?: number; samples?: number } = {}): Promise<void> {
  const repeats = Math.max(3, opts.repeats ?? 3), samples = opts.samples ?? 6400;
  const task = await createTask('mnist', { trainLimit: samples, testLimit: 2000 }, new RandomStreams(0));
  const twoThreads = await helperUp();
  const ours: number[] = [], ours2: number[] = [], f32: number[] = [], f64: number[] = [];
  let missing = '', version = '';
  useThreads(1);
  oursOnce(task, 99); // warm-up: the JIT compiles the trainer's paths
  for (let k = 1; k <= repeats; k++) {
    useThreads(1);
    const o = oursOnce(task, k);
    ours.push(o.perSecond);
    if (twoThreads) {
      useThreads(2);
      const o2 = oursOnce(task, k);
      if (o2.accuracy !== o.accuracy) throw new Error(`cnn: seed ${k} gave test accuracy ${o.accuracy} on one thread and ${o2.accuracy} on two`);
      ours2.push(o2.perSecond);
      useThreads(1);
    }
    if (missing) continue;
    for (const [dtype, into] of [['float32', f32], ['float64', f64]] as const) {
      const t = torchOnce(dtype, samples, k);
      if (typeof t === 'string') {
        missing = t;
        break;
      }
      into.push(t.samples_per_second);
      version = t.torch;
    }
  }
  const mine = median(ours);
  const fmt = (v: number) => v.toFixed(0).padStart(6);
  console.log(`  plasticity 1 thread  ${fmt(mine)} samples/s${ours2.length ? ` | 2 threads ${fmt(median(ours2))} samples/s (same accuracy)` : ''}`);
  if (missing) {
    console.log(`  PyTorch reference not run (${missing}); install it with: apt-get install python3-torch`);
    return;
  }
  const t32 = median(f32), t64 = median(f64);
  console.log(`  PyTorch ${version} 1 thread: float32 ${fmt(t32)} samples/s, float64 ${fmt(t64)} samples/s`);
  console.log(`  ratio, plasticity 1 thread: vs PyTorch float32 ${(mine / t32).toFixed(2)}×, vs float64 ${(mine / t64).toFixed(2)}×`);
  if (ours2.length) console.log(`  ratio, plasticity 2 threads: vs PyTorch float32 (1 thread) ${(median(ours2) / t32).toFixed(2)}×, vs float64 ${(median(ours2) / t64).toFixed(2)}×`);
}

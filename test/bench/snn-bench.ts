/**
 * The bench's "snn" section: training samples per second of the compare-snn network on rate-coded MNIST with
 * surrogate-gradient BPTT and with e-prop, and the kernel-heap memory each holds per example as the number of
 * steps doubles (e-prop's traces do not grow with it; BPTT's recorded pass does), beside PyTorch training the
 * same network with BPTT on CPU, one thread, in the same run (test/bench/torch/snn_train.py; skipped with a
 * notice without python3-torch).
 */
import { bptt } from '../../rules/bptt.js';
import { epropSymmetric } from '../../rules/eprop-symmetric.js';
import { allocF64, useThreads, wasm } from '../../src/kernels/backend.js';
import { RandomStreams } from '../../src/random/streams.js';
import { encode } from '../../src/snn/encoders.js';
import { SpikingGradients, SpikingNetwork } from '../../src/snn/spiking-network.js';
import type { ThroughTimeRule } from '../../src/snn/through-time-rule.js';
import { createTask } from '../../src/tasks/registry.js';
import type { Task } from '../../src/tasks/task.js';
import { optimiserFor } from '../../src/training/optimisers.js';
import { median } from './median.js';
import { runTorchTiming, type TorchTiming } from './torch-timing.js';

const B = 64;

function network(): SpikingNetwork {
  return new SpikingNetwork({ inputSize: 784, outputSize: 10, hidden: { size: 200, neuron: 'lif', recurrent: false, tauMem: 20 }, readoutTau: 20, inputGain: 3 }).initialise(new RandomStreams(1));
}

/** Samples/s of encoding, learning and Adam over `samples` images; and the heap bytes the rule's learner took for one batch. */
function oursOnce(task: Task, rule: ThroughTimeRule<any>, steps: number, samples: number): { perSecond: number; heapBytes: number } {
  const net = network(), grads = new SpikingGradients(net), heap = wasm()?.heap;
  const params = net.parameters(), arrays = grads.arrays();
  const opt = optimiserFor(params.map((p, i) => ({ param: p.data, grad: arrays[i], decay: p.decay })), { kind: 'adam', lr: 1e-3 });
  const inputs = allocF64(steps * B * 784), labels = new Int32Array(B), stream = new RandomStreams(2).stream('encode');
  const before = heap?.used ?? 0;
  const learner = rule.create({ net, streams: new RandomStreams(1).fork('rule'), options: rule.defaults });
  const batch = { steps, size: B, inputs, labels, lossFrom: 1 };
  let heapBytes = 0;
  const t0 = performance.now();
  for (let start = 0; start + B <= samples; start += B) {
    const rows = Int32Array.from({ length: B }, (_, i) => start + i);
    encode({ kind: 'rate', maxRate: 200 }, task.train.inputs.data, 784, rows, steps, 1, stream, inputs);
    for (let i = 0; i < B; i++) labels[i] = task.train.labels![start + i];
    grads.zero();
    learner.learn(batch, grads);
    if (start === 0) heapBytes = (heap?.used ?? 0) - before;
    opt.step(1e-3);
  }
  return { perSecond: samples / ((performance.now() - t0) / 1000), heapBytes };
}

function torchOnce(dtype: 'float32' | 'float64', steps: number, samples: number): TorchTiming | string {
  return runTorchTiming('test/bench/torch/snn_train.py', ['--dtype', dtype, '--steps', String(steps), '--samples', String(samples)]);
}

export async function benchSnn(opts: { repeats?: number; samples?: number } = {}): Promise<void> {
  const repeats = Math.max(3, opts.repeats ?? 3), samples = opts.samples ?? 1280;
  const task = await createTask('mnist', { trainLimit: samples, testLimit: 100 }, new RandomStreams(0));
  useThreads(1);
  const fmt = (v: number) => v.toFixed(0).padStart(6);
  const mb = (b: number) => `${(b / B / 2 ** 20).toFixed(2)} MB`;
  oursOnce(task, bptt, 30, 2 * B); // warm-up
  let missing = '';
  for (const steps of [30, 60, 120]) {
    const rows: string[] = [];
    const speeds: Record<string, number> = {};
    for (const rule of [bptt, epropSymmetric]) {
      const runs: ReturnType<typeof oursOnce>[] = [];
      for (let k = 0; k < repeats; k++) {
        // A macrotask between runs: the heap can take back a finished run's arrays only once the job that
        // dropped them has ended (src/kernels/heap.ts), and e-prop's traces are large.
        await new Promise((r) => setTimeout(r, 0));
        runs.push(oursOnce(task, rule, steps, samples));
      }
      speeds[rule.name] = median(runs.map((r) => r.perSecond));
      rows.push(`${rule.name} ${fmt(speeds[rule.name])} samples/s, heap ${mb(runs[0].heapBytes)} per example`);
    }
    let torch = '';
    if (!missing) {
      const t32: number[] = [], t64: number[] = [];
      let version = '';
      for (let k = 0; k < repeats && !missing; k++) {
        for (const [dtype, into] of [['float32', t32], ['float64', t64]] as const) {
          const t = torchOnce(dtype, steps, samples);
          if (typeof t === 'string') {
            missing = t;
            break;
          }
          into.push(t.samples_per_second);
          version = t.torch;
        }
      }
      if (!missing) {
        const a = median(t32), b = median(t64);
        torch = ` | PyTorch ${version} BPTT float32 ${fmt(a)}, float64 ${fmt(b)} samples/s | ratio bptt vs float32 ${(speeds.bptt / a).toFixed(2)}×, vs float64 ${(speeds.bptt / b).toFixed(2)}×`;
      }
    }
    console.log(`  ${String(steps).padStart(3)} steps: ${rows.join(' | ')}${torch}`);
  }
  if (missing) console.log(`  PyTorch reference not run (${missing}); install it with: apt-get install python3-torch`);
}

/**
 * `npm run bench`: speed figures with medians of several repeats, and ratios against a reference
 * measured in the same process on the same machine (absolute numbers vary ~30% on shared machines;
 * ratios measured together are what to compare).
 *
 *   npm run bench                 # everything
 *   npm run bench -- --only mnist # one section: kernels | mnist | mlp-adam | cnn | snn | spiking | stdp | threads | workers
 *
 * Several sections run one after another, each in a process of its own: a section's measurements do not
 * inherit another's heap (a fixed 4 GiB whose freed blocks are kept by size: the conv nets' many mid-sized
 * arrays left no room for e-prop's large traces in one process) or its JIT state.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { kernelInfo, useThreads } from '../../src/kernels/backend.js';
import { RandomStreams } from '../../src/random/streams.js';
import { createTask } from '../../src/tasks/registry.js';
import { benchCuba } from './cuba-bench.js';
import { benchStdp } from './stdp-bench.js';
import { benchThreads, helperUp } from './threads-bench.js';
import { benchWorkers } from './workers-bench.js';
import { benchKernels } from './kernels-bench.js';
import { benchMlpAdam } from './mlp-adam-bench.js';
import { benchCnn } from './cnn-bench.js';
import { benchSnn } from './snn-bench.js';
import { engineTrainingThroughput } from './mnist-throughput.js';
import { tfjsTrainingThroughput } from './tfjs-reference.js';

const { values } = parseArgs({ options: { only: { type: 'string' }, repeats: { type: 'string' }, samples: { type: 'string' } } });
const SECTIONS = ['kernels', 'mnist', 'mlp-adam', 'cnn', 'snn', 'spiking', 'stdp', 'threads', 'workers'];
const asked = values.only ? values.only.split(',') : SECTIONS;
for (const s of asked) {
  if (!SECTIONS.includes(s)) {
    console.error(`bench: --only: unknown section "${s}"; sections are ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
if (asked.length > 1) {
  const passed = [...(values.repeats ? ['--repeats', values.repeats] : []), ...(values.samples ? ['--samples', values.samples] : [])];
  let failed = 0;
  for (const section of asked) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--only', section, ...passed], { stdio: 'inherit' });
    if (r.status !== 0) {
      failed++;
      console.error(`bench: section ${section} failed (exit ${r.status ?? r.signal})`);
    }
  }
  process.exit(failed ? 1 : 0);
}
const want = (section: string) => asked.includes(section);
const repeats = Number(values.repeats ?? 5);
const samples = Number(values.samples ?? 12_800);

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

if (want('kernels')) {
  console.log(`\n== Matrix kernels (Float64, one thread; median GFLOP/s): ${kernelInfo().path} path beside the JavaScript reference kernels, same rounds ==`);
  for (const r of await benchKernels({ repeats })) {
    console.log(`  ${r.kernel.padEnd(34)} ${r.shape.padEnd(14)} ${fmt(r.gflops, 2).padStart(7)} GFLOP/s | JavaScript ${fmt(r.jsGflops, 2).padStart(6)} | ratio ${(r.gflops / r.jsGflops).toFixed(2)}`);
  }
}

if (want('mnist')) {
  console.log(`\n== MNIST training throughput, 784-256-10 ReLU, softmax cross-entropy, SGD; ${fmt(samples)} real training images per pass, median of ${repeats} ==`);
  const task = await createTask('mnist', {}, new RandomStreams(0));
  const inputs32 = new Float32Array(task.train.inputs.data.subarray(0, samples * 784));
  const labels = task.train.labels!.subarray(0, samples);
  const twoThreads = await helperUp();
  for (const batchSize of [32, 128]) {
    useThreads(1);
    const ours = engineTrainingThroughput({ task, hidden: [256], batchSize, samples, repeats });
    useThreads(2);
    const ours2 = twoThreads ? engineTrainingThroughput({ task, hidden: [256], batchSize, samples, repeats }) : null;
    useThreads(1);
    const common = { inputs: inputs32, labels, inputSize: 784, hidden: [256], classes: 10, batchSize, samples, repeats: Math.min(repeats, 3) };
    const tf = await tfjsTrainingThroughput(common);
    // Stock TF.js computes the weight gradient with a slow transposed matMul in wasm; the fast variant
    // swaps in an explicit transpose (bit-identical gradients), a fairer comparison of the arithmetic.
    const tfFast = await tfjsTrainingThroughput({ ...common, fastMatMulGrad: true });
    console.log(
      `  batch ${String(batchSize).padStart(3)}: plasticity 1 thread ${fmt(ours.median).padStart(7)} samples/s | ` +
        `TF.js ${tf.backend} (${tf.threads} thread, SIMD ${tf.simd ? 'on' : 'off'}) stock ${fmt(tf.median).padStart(7)}, fast-grad ${fmt(tfFast.median).padStart(7)} | ` +
        `ratio vs stock ${(ours.median / tf.median).toFixed(2)}, vs fast-grad ${(ours.median / tfFast.median).toFixed(2)}`,
    );
    if (ours2) {
      console.log(
        `             plasticity 2 threads ${fmt(ours2.median).padStart(7)} samples/s (kernel helper thread) | ratio vs TF.js fast-grad (1 thread) ${(ours2.median / tfFast.median).toFixed(2)}`,
      );
    }
  }
}

if (want('mlp-adam')) {
  console.log(`\n== MLP with Adam: 784-256-256-10 tanh, softmax cross-entropy, Adam 1e-3, batch 64, one epoch of 60,000 MNIST images; medians of ${Math.min(repeats, 3)}, alternating with NumPy ==`);
  await benchMlpAdam(await createTask('mnist', {}, new RandomStreams(0)), { repeats: Math.min(repeats, 3) });
}

if (want('cnn')) {
  const n = values.samples ? samples : 6400;
  console.log(`\n== Conv-net training: the mnist-cnn network (Keras MNIST example), Adam 1e-3, batch 128, ${fmt(n)} MNIST images per pass; medians of ${Math.max(3, Math.min(repeats, 3))}, alternating with PyTorch on CPU ==`);
  await benchCnn({ repeats: Math.min(repeats, 3), samples: n });
}

if (want('snn')) {
  const n = values.samples ? samples : 1280;
  console.log(`\n== Spiking network training: compare-snn's network (784 → 200 LIF → 10), rate-coded MNIST at 200 Hz, Adam, batch 64, ${fmt(n)} images per pass; medians of ${Math.max(3, Math.min(repeats, 3))}, PyTorch BPTT on CPU in the same run ==`);
  await benchSnn({ repeats: Math.min(repeats, 3), samples: n });
}

if (want('spiking')) {
  console.log('\n== CUBA (Vogels & Abbott 2005), 1 s biological time, dt 0.1 ms, p = 80/N; medians of 3 fresh processes ==');
  await benchCuba({ repeats: Math.min(repeats, 3) });
}

if (want('stdp')) {
  console.log('\n== STDP, Song, Miller & Abbott (2000): 1000 Poisson inputs → 1 LIF neuron, 100 s; medians of 3 ==');
  await benchStdp({ repeats: Math.min(repeats, 3) });
}

if (want('threads')) {
  console.log('\n== One run on both cores: kernel calls of a training step on one thread and split with the kernel helper thread (synchronisation included) ==');
  await benchThreads({ repeats: Math.max(5, repeats) });
}

if (want('workers')) {
  console.log('\n== Parallel runs: --workers 1 against --workers 2 on the same sweep; medians of 3 ==');
  benchWorkers({ workers: 2, repeats: Math.min(repeats, 3) });
}

/**
 * Diehl & Cook (2015) training statistics from plasticity's DiehlCookNetwork, printed in the same form as
 * test/bench/brian2/diehl_cook.py, so the two simulators can be compared on the same model:
 *
 *   npx tsx test/bench/diehl-cook-stats.ts --rule triplet --min-interval 50 --images 2000 --every 500 [--dt 0.1]
 *   /usr/bin/python3 test/bench/brian2/diehl_cook.py --min-interval-ms 50 --images 2000 --every 500 --out /tmp/b2
 *
 * --evaluate W.npy THETA.npy instead labels a frozen network with those weights (784 × N, float64) and
 * thresholds on 1,000 training images and reports its vote accuracy on 1,000 test images, which scores
 * Brian2's weights (--out above) and ours with the same evaluator.
 */
import { parseArgs } from 'node:util';
import { readNpy, writeNpy } from '../../src/experiment/npy.js';
import { STDP_FEATURE_LEARNING_RULES, type StdpFeatureLearningRule } from '../../rules/stdp-features.js';
import { accuracyOf, assignLabels, voteClassify } from '../../src/models/label-assignment.js';
import type { TimeSteppedRule } from '../../src/learning/time-stepped-rule.js';
import { DiehlCookNetwork, diehlCookDefaults, frozenResponses } from '../../src/models/diehl-cook.js';
import { RandomStreams } from '../../src/random/streams.js';
import { createTask } from '../../src/tasks/registry.js';

const { values: a, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    n: { type: 'string', default: '100' }, images: { type: 'string', default: '2000' }, every: { type: 'string', default: '500' },
    dt: { type: 'string', default: String(diehlCookDefaults.dt) }, 'min-interval': { type: 'string', default: String(diehlCookDefaults.minInterval) },
    rule: { type: 'string', default: 'triplet' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, evaluate: { type: 'boolean' },
  },
});
const streams = new RandomStreams(Number(a.seed));
const task = await createTask('mnist', {}, streams.fork('task'));
const options = { ...diehlCookDefaults, excitatory: Number(a.n), dt: Number(a.dt), minInterval: Number(a['min-interval']) };

if (a.evaluate) {
  const [wPath, thetaPath] = positionals;
  if (!wPath || !thetaPath) throw new Error('--evaluate needs two files: weights.npy theta.npy');
  const w = readNpy(wPath).data, theta = readNpy(thetaPath).data;
  const net = new DiehlCookNetwork({ ...options, excitatory: theta.length }, 784, streams.fork('network'));
  if (w.length !== net.feedforward.weight.length) throw new Error(`${wPath}: ${w.length} weights, expected 784 × ${theta.length}`);
  net.feedforward.weight.set(w);
  net.theta.set(theta);
  const order = streams.stream('order').permutation(task.train.inputs.rows);
  const labelRows = Array.from({ length: 1000 }, (_, i) => order[order.length - 1 - i]);
  const assignments = assignLabels(frozenResponses(net, task.train.inputs, labelRows, streams.fork('label')), labelRows.map((r) => task.train.labels![r]), theta.length, 10);
  const testRows = Array.from({ length: 1000 }, (_, i) => i);
  const predicted = voteClassify(frozenResponses(net, task.test.inputs, testRows, streams.fork('test')), assignments, 10);
  console.log(`${wPath}: vote accuracy ${(100 * accuracyOf(predicted, testRows.map((r) => task.test.labels![r]))).toFixed(1)}% (1,000 test images)`);
} else {
  if (!Object.hasOwn(STDP_FEATURE_LEARNING_RULES, a.rule!)) throw new Error(`--rule must be one of ${Object.keys(STDP_FEATURE_LEARNING_RULES).join(', ')}, got ${a.rule}`);
  const plasticity = STDP_FEATURE_LEARNING_RULES[a.rule as StdpFeatureLearningRule];
  const net = new DiehlCookNetwork(options, 784, streams.fork('network'), { rule: plasticity.rule as TimeSteppedRule<any>, options: { ...plasticity.options } });
  const order = streams.stream('order').permutation(task.train.inputs.rows);
  const run = net.sim.run.bind(net.sim);
  let shown = 0, last = 0;
  net.sim.run = (ms: number) => { shown++; run(ms); };
  const every = Number(a.every), t0 = performance.now();
  for (let k = 0; k < Number(a.images); k++) {
    last += net.present(task.train.inputs, order[k]).reduce((s, c) => s + c, 0);
    if ((k + 1) % every === 0) {
      const th = Array.from(net.theta).sort((x, y) => x - y), n = th.length;
      console.log(`${k + 1}: presentations/image ${(shown / every).toFixed(2)}, spikes on last ${(last / every).toFixed(1)}, theta min/med/max ${th[0].toFixed(1)}/${th[n >> 1].toFixed(1)}/${th[n - 1].toFixed(1)}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      shown = last = 0;
      if (a.out) {
        writeNpy(`${a.out}-${k + 1}-w.npy`, Float64Array.from(net.feedforward.weight), [784, n]);
        writeNpy(`${a.out}-${k + 1}-theta.npy`, Float64Array.from(net.theta), [n]);
      }
    }
  }
}

import { builtinRules } from '../rules/index.js';
import { runExperiment } from '../src/experiment/runner.js';
import { defineExperiment } from '../src/experiment/spec.js';
const t0 = performance.now();
const spec = defineExperiment({
  name: 'nb-credit', description: 'x',
  rules: ['backprop', 'feedback-alignment', 'direct-feedback-alignment', 'kolen-pollack', { rule: 'difference-target-propagation', options: { targetStepSize: 1, inverseLearningRate: 0.003, noiseStd: 0.05 } }],
  tasks: [{ task: 'mnist', options: { trainLimit: 6000, testLimit: 2000 } }],
  seeds: 1,
  network: { hidden: [128, 64], activation: 'tanh', output: 'softmax', init: 'glorot-uniform' },
  training: { epochs: 4, batchSize: 32, loss: 'cross-entropy', optimiser: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true } },
  probeSize: 256,
});
const recs = await runExperiment(spec, { outDir: '/tmp/nbx', rules: builtinRules, overwrite: true, quiet: true });
for (const r of recs) console.log(r.id, r.final.testAccuracy, r.wallSeconds.toFixed(1), JSON.stringify(r.epochs.at(-1)!.diagnostics));
console.log('total', (performance.now() - t0) / 1000);

/**
 * BCM makes a neuron selective. A rectified neuron sees one of several non-negative input patterns at
 * a time, each equally often, and learns with the BCM rule (sliding threshold θ ≈ ⟨y²⟩). Starting
 * from weights that respond to every pattern about equally, it ends up responding strongly to one
 * pattern and hardly at all to the others (Bienenstock, Cooper & Munro 1982).
 * Selectivity = 1 − (mean response to the other patterns) / (response to the preferred one).
 *
 *   npx plasticity run bcm-selectivity --seeds 5
 */
import { defineSimulation } from '../src/experiment/simulation.js';
import { layeredNetwork } from '../src/graph/layered.js';
import { Matrix } from '../src/kernels/matrix.js';
import type { Projection } from '../src/graph/projection.js';
import type { MinibatchLearner } from '../src/learning/rule.js';
import { trainUnsupervised } from '../src/training/unsupervised.js';
import { lineFigure } from '../src/plot/spiking-figures.js';
import { bcm } from '../rules/bcm.js';

export default defineSimulation({
  kind: 'simulation',
  name: 'bcm-selectivity',
  description:
    'A rectified-linear neuron with 20 inputs learns with BCM (sliding threshold) from 4 random non-negative patterns shown equally often; its response to each pattern and its threshold after every block of presentations.',
  seeds: 5,
  params: { inputs: 20, patterns: 4, presentations: 40000, blocks: 40, lr: 0.02, batchSize: 10, tauTheta: 20 },
  quick: { seeds: 2 },
  simulate({ params, streams, log }) {
    const s = streams.stream('patterns');
    // Patterns: sparse non-negative vectors normalised to unit length.
    const patterns = Array.from({ length: params.patterns }, () => {
      const v = Array.from({ length: params.inputs }, () => (s.bernoulli(0.4) ? s.uniform(0.2, 1) : 0));
      const n = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
      return v.map((x) => x / n);
    });
    const order = streams.stream('presentation');
    const x = new Matrix(params.presentations, params.inputs);
    for (let r = 0; r < x.rows; r++) x.data.set(patterns[order.int(params.patterns)], r * params.inputs);
    const net = layeredNetwork({ sizes: [params.inputs, 1], activation: 'relu', output: 'relu', bias: false, init: { kind: 'uniform', low: 0.2, high: 0.4 } });
    net.initialise(streams);
    const w = net.projections[0].weights.data;
    const respond = () => patterns.map((p) => Math.max(0, p.reduce((a, v, i) => a + v * w[i], 0)));
    const responses: number[][] = [respond()];
    const thetas: number[] = [0];
    const block = Math.floor(params.presentations / params.blocks);
    for (let b = 0; b < params.blocks; b++) {
      const learner = trainUnsupervised(net, bcm, x.rowView(b * block, block), {
        lr: params.lr, epochs: 1, batchSize: params.batchSize, streams: streams.fork(`block${b}`), shuffle: false,
        ruleOptions: { tauTheta: params.tauTheta, theta0: thetas[thetas.length - 1] },
      }) as MinibatchLearner & { thresholds(): Map<Projection, Float64Array> };
      responses.push(respond());
      thetas.push(learner.thresholds().get(net.projections[0])![0]);
    }
    const final = responses[responses.length - 1];
    const best = final.indexOf(Math.max(...final));
    const others = final.filter((_, k) => k !== best);
    const selectivity = final[best] > 0 ? 1 - others.reduce((a, b) => a + b, 0) / others.length / final[best] : 0;
    const initial = responses[0];
    const initialSelectivity = 1 - initial.filter((_, k) => k !== initial.indexOf(Math.max(...initial))).reduce((a, b) => a + b, 0) / (params.patterns - 1) / Math.max(...initial);
    log(`preferred pattern ${best}, responses ${final.map((r) => r.toFixed(3)).join(' ')}, selectivity ${selectivity.toFixed(3)} (initially ${initialSelectivity.toFixed(3)})`);
    const meanY2 = final.reduce((a, r) => a + r * r, 0) / params.patterns;
    const presented = Array.from({ length: responses.length }, (_, i) => i * block);
    return {
      metrics: { selectivity, initialSelectivity, preferredResponse: final[best], meanOtherResponse: others.reduce((a, b) => a + b, 0) / others.length, thetaOverMeanY2: thetas[thetas.length - 1] / meanY2 },
      figures: [
        lineFigure('responses', 'BCM: response to each pattern during learning', 'presentations', 'response y', patterns.map((_, k) => ({ label: `pattern ${k + 1}`, x: presented, y: responses.map((r) => r[k]) })), 'Response of the neuron to each input pattern; one pattern wins and the others are suppressed.'),
        lineFigure('threshold', 'BCM: sliding threshold', 'presentations', 'θ', [{ label: 'θ', x: presented, y: thetas }, { label: '⟨y²⟩ over patterns', x: presented, y: responses.map((r) => r.reduce((a, v) => a + v * v, 0) / r.length) }], 'The threshold θ follows the mean of y² over the patterns.'),
      ],
    };
  },
});

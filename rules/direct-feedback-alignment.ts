/**
 * Direct feedback alignment (Nøkland 2016, NeurIPS, "Direct feedback alignment provides learning in
 * deep neural networks").
 *
 * Feedback pathway: the output error e = δ_L reaches EVERY hidden population directly, through a fixed
 * random matrix B_l of its own; nothing is passed layer to layer:
 *   δ_l = f'(a_l) ⊙ (e B_lᵀ)          B_l: n_l × n_out (shaped like a projection from layer l to the output)
 * Local plasticity: ΔW_l = −η h_{l−1}ᵀ δ_l.
 * With one hidden layer DFA and feedback alignment coincide when they use the same B.
 *
 * B_l is drawn once per run from the stream "B/<population>" with `feedbackInit` (fan_in = n_l,
 * fan_out = n_out; default Glorot-uniform) times `feedbackScale`.
 *
 * Conv layers: every conv layer's feature maps (all channels × height × width of them) receive e B_lᵀ from a
 * B_l of n_l × n_out, one random weight per map position and output unit, not a convolution: the error skips
 * every layer in between, which is what makes DFA direct. Pooling populations get no feedback of their own:
 * they have no weights to teach, and the conv layer above a pool is taught directly.
 */
import { Matrix } from '../src/kernels/matrix.js';
import { matmulTransB } from '../src/kernels/matmul.js';
import { initialiseWeights, validateInit } from '../src/graph/initialisers.js';
import type { Population } from '../src/graph/population.js';
import { presynapticTimesTeaching } from '../src/learning/local-update.js';
import type { MinibatchRule } from '../src/learning/rule.js';
import { getActivation } from '../src/neurons/activations.js';

export interface DirectFeedbackAlignmentOptions {
  feedbackInit: string;
  feedbackScale: number;
}

export const directFeedbackAlignment: MinibatchRule<DirectFeedbackAlignmentOptions> = {
  name: 'direct-feedback-alignment',
  regime: 'minibatch',
  summary: 'Direct feedback alignment: the output error reaches each hidden layer through its own fixed random matrix',
  citation: 'Nøkland (2016) Advances in Neural Information Processing Systems 29',
  defaults: { feedbackInit: 'glorot-uniform', feedbackScale: 1 },
  create({ net, topology, streams, options }) {
    const init = validateInit(options.feedbackInit, 'direct-feedback-alignment.feedbackInit');
    const out = topology.output;
    // Populations made by pooling are skipped: nothing below them learns from their teaching signal.
    const hidden = topology.order.filter((p) => !p.isInput && p !== out && topology.incoming[p.index].some((proj) => proj.hasWeights));
    const B = new Map<Population, Matrix>();
    for (const p of hidden) {
      const m = new Matrix(p.size, out.size);
      initialiseWeights(m.data, init, p.size, out.size, streams.stream(`B/${p.name}`));
      for (let i = 0; i < m.data.length; i++) m.data[i] *= options.feedbackScale;
      B.set(p, m);
    }
    const activation = net.populations.map((p) => (p.model.kind === 'rate' ? getActivation(p.model.activation) : undefined));
    return {
      deliver(step) {
        const e = step.delta[out.index]!;
        for (const p of hidden) {
          const gradH = step.scratch[p.index]!;
          matmulTransB(e, B.get(p)!, gradH);
          activation[p.index]!.backward(step.forward.a[p.index]!, step.forward.h[p.index], gradH, step.delta[p.index]!);
        }
      },
      plasticity: presynapticTimesTeaching,
      /** Exposed for tests and analysis: the direct feedback matrix of each hidden population. */
      directFeedback: () => B,
    } as ReturnType<MinibatchRule['create']> & { directFeedback: () => Map<Population, Matrix> };
  },
};

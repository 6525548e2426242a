import { Matrix } from '../kernels/matrix.js';
import { matmulTransB } from '../kernels/matmul.js';
import type { Population } from '../graph/population.js';
import type { Projection } from '../graph/projection.js';
import { getActivation } from '../neurons/activations.js';
import { requireChain } from './feedback-matrices.js';
import { LearnedInverse } from './inverse.js';
import { presynapticTimesTeaching } from './local-update.js';
import type { MinibatchLearner, RuleSetup } from './rule.js';
import type { TeachingStep } from './teaching.js';

export interface TargetPropagationOptions {
  /** η̂: the top hidden layer's target is h − η̂ ∂L/∂h (per example). */
  targetStepSize: number;
  /** Adam learning rate of the inverses (the forward weights use the experiment's optimiser). */
  inverseLearningRate: number;
  /** σ of the Gaussian corruption used to train the inverses. */
  noiseStd: number;
}

/**
 * Why TP and DTP train dense networks only. Their inverses g(y) = act(y V + c) are learned per dense projection;
 * a shared-weight convolution has no inverse of that form whose targets we could defend as the rule (Bartunov et
 * al. 2018 moved to locally connected layers, i.e. untied dense-like weights, to run TP on images), and a
 * max-pool discards which inputs lost. The spec validator rejects the pairing up front with this reason.
 */
export const TARGET_PROPAGATION_DENSE_ONLY =
  'its targets travel down through learned inverses of dense projections, and a shared-weight convolution or a pooling layer has no such inverse here (Bartunov et al. 2018 used locally connected layers for target propagation on images); use an MLP (network.hidden) for this rule';

export const targetPropagationDefaults: TargetPropagationOptions = { targetStepSize: 0.2, inverseLearningRate: 1e-3, noiseStd: 0.1 };

/**
 * How a hidden layer's target is formed from the inverse g of the projection above it:
 * out = combine(h_l, g(ĥ_{l+1}), g(h_{l+1})). `usesInverseOfActivity` says whether g(h_{l+1}) is needed.
 */
export interface TargetCombination {
  usesInverseOfActivity: boolean;
  combine(out: Float64Array, h: Float64Array, gOfTarget: Float64Array, gOfActivity: Float64Array | null, n: number): void;
}

/**
 * The machinery shared by target propagation and difference target propagation (Lee et al. 2015):
 *  - output layer: trained with the true loss gradient, as in the paper;
 *  - top hidden layer L−1: target ĥ = h − η̂ · ∂L/∂h (the gradient of the per-example loss, one layer below the output);
 *  - lower hidden layers: targets sent down through learned inverses g, combined by the rule's `combination`;
 *  - every hidden layer learns locally, minimising ½‖h_l − ĥ_l‖²: δ_l = f'(a_l) ⊙ (h_l − ĥ_l) / batch;
 *  - after each step, every inverse takes one reconstruction step on noise-corrupted activity.
 */
export function createTargetPropagation(setup: RuleSetup<TargetPropagationOptions>, ruleName: string, combination: TargetCombination): MinibatchLearner {
  const { net, topology, streams, options } = setup;
  requireChain(topology, ruleName);
  const hidden: Population[] = topology.order.filter((p) => !p.isInput && p !== topology.output);
  if (hidden.length === 0) throw new Error(`rule "${ruleName}" needs at least one hidden layer`);
  const top = hidden[hidden.length - 1];
  const above = (p: Population): Projection => topology.outgoing[p.index][0];
  // Inverses of the projections between hidden layers (the first layer's input needs no target).
  const inverses = new Map<Projection, LearnedInverse>();
  for (const p of hidden.slice(1)) {
    const proj = topology.incoming[p.index][0];
    inverses.set(proj, new LearnedInverse(proj, streams.fork(`inverse/${proj.name}`), options.inverseLearningRate));
  }
  const noise = streams.stream('noise');
  const activation = net.populations.map((p) => (p.model.kind === 'rate' ? getActivation(p.model.activation) : undefined));
  const targetBuffers = new Map<number, Matrix[]>();
  const targetsFor = (batch: number) => {
    let t = targetBuffers.get(batch);
    if (!t) {
      t = net.populations.map((p) => new Matrix(batch, p.size));
      targetBuffers.set(batch, t);
    }
    return t;
  };

  const deliver = (step: TeachingStep) => {
    const { forward, delta, scratch } = step;
    const batch = forward.batchSize;
    const targets = targetsFor(batch);
    // Top hidden layer: one gradient step on the per-example loss (delta holds the batch-mean gradient, hence × batch).
    const gradTop = scratch[top.index]!;
    matmulTransB(delta[topology.output.index]!, above(top).weights, gradTop);
    const hTop = forward.h[top.index].data, tTop = targets[top.index].data, g = gradTop.data, step_ = options.targetStepSize * batch;
    for (let i = 0; i < batch * top.size; i++) tTop[i] = hTop[i] - step_ * g[i];
    // Lower layers: targets come down through the inverses.
    for (let k = hidden.length - 2; k >= 0; k--) {
      const p = hidden[k], next = hidden[k + 1];
      const inv = inverses.get(above(p))!;
      const out = targets[p.index].data, n = batch * p.size;
      out.set(inv.apply(targets[next.index]).data.subarray(0, n));
      let gOfActivity: Float64Array | null = null;
      if (combination.usesInverseOfActivity) gOfActivity = inv.apply(forward.h[next.index]).data;
      combination.combine(out, forward.h[p.index].data, out, gOfActivity, n);
    }
    // Local losses ½‖h − ĥ‖² (mean over the batch) give each hidden layer its teaching signal.
    for (const p of hidden) {
      const gradH = scratch[p.index]!, h = forward.h[p.index].data, t = targets[p.index].data, gd = gradH.data;
      for (let i = 0; i < batch * p.size; i++) gd[i] = (h[i] - t[i]) / batch;
      activation[p.index]!.backward(forward.a[p.index]!, forward.h[p.index], gradH, delta[p.index]!);
    }
  };

  return {
    deliver,
    plasticity: presynapticTimesTeaching,
    afterStep(step) {
      for (const [proj, inv] of inverses) inv.train(step.forward.h[proj.pre.index], options.noiseStd, noise, options.inverseLearningRate);
    },
    diagnostics(step) {
      const out: Record<string, number> = {};
      for (const [proj, inv] of inverses) out[`inverseError/${proj.name}`] = inv.reconstructionError(step.forward.h[proj.pre.index]);
      return out;
    },
    inverses: () => inverses,
    targets: (batch: number) => targetsFor(batch),
  } as MinibatchLearner & { inverses: () => Map<Projection, LearnedInverse>; targets: (batch: number) => Matrix[] };
}

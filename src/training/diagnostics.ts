import type { Matrix } from '../kernels/matrix.js';
import type { Network } from '../graph/network.js';
import { propagateThroughFeedback } from '../learning/feedback.js';
import { Gradients } from '../learning/gradients.js';
import { presynapticTimesTeaching } from '../learning/local-update.js';
import type { MinibatchLearner } from '../learning/rule.js';
import type { MinibatchStepper } from './step.js';
import { acos } from '../kernels/math.js';

/** Angle in degrees between two vectors (NaN if either is zero). */
export function angleDegrees(a: Float64Array, b: Float64Array, n = a.length): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return NaN;
  const c = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
  return (acos(c) * 180) / Math.PI;
}

/**
 * How closely a rule follows the true gradient, measured on a fixed probe batch:
 *   updateAngle/<projection>    angle between the rule's proposed weight update and backprop's gradient
 *                               (0° = the gradient direction, 90° = orthogonal to it);
 *   feedbackAngle/<projection>  angle between the matrix the rule sends errors through and the forward
 *                               weights it stands in for (0° = weight transport, i.e. backprop);
 * plus whatever the rule reports itself (e.g. inverse reconstruction errors).
 * Reads weights only: it changes no parameter and no rule state.
 */
export class AlignmentProbe {
  private readonly trueGrads: Gradients;
  private readonly ruleGrads: Gradients;

  constructor(private readonly net: Network, private readonly stepper: MinibatchStepper, private readonly x: Matrix, private readonly y: Matrix) {
    this.trueGrads = new Gradients(net);
    this.ruleGrads = new Gradients(net);
  }

  measure(learner: MinibatchLearner): Record<string, number> {
    const out: Record<string, number> = {};
    const exact = this.stepper.forwardAndError(this.x, this.y);
    propagateThroughFeedback(exact, (p) => p.weights);
    presynapticTimesTeaching(exact, this.trueGrads);
    const step = this.stepper.propose(learner, this.x, this.y, this.ruleGrads);
    for (const p of this.net.projections) {
      if (!p.hasWeights) continue; // pooling: nothing to update
      const a = this.ruleGrads.byProjection[p.index].weights, b = this.trueGrads.byProjection[p.index].weights;
      out[`updateAngle/${p.name}`] = angleDegrees(a.data, b.data, a.rows * a.cols);
    }
    for (const [p, m] of learner.feedbackWeights?.() ?? []) {
      out[`feedbackAngle/${p.name}`] = angleDegrees(m.data, p.weights.data, m.rows * m.cols);
    }
    Object.assign(out, learner.diagnostics?.(step));
    return out;
  }
}

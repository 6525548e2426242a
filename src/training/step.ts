import type { Matrix } from '../kernels/matrix.js';
import type { Network } from '../graph/network.js';
import type { Loss } from '../neurons/losses.js';
import { ForwardPass } from '../sim/feedforward.js';
import type { Gradients } from '../learning/gradients.js';
import type { MinibatchLearner } from '../learning/rule.js';
import { TeachingBuffers, type TeachingStep } from '../learning/teaching.js';

/**
 * One minibatch of learning up to (not including) the optimiser: forward pass, output error from the
 * loss, the rule's feedback pathway, then its local plasticity into `grads`. The trainer calls it every
 * batch; diagnostics and gradient checks call it to see what update a rule proposes on a given batch.
 * Buffers and step objects are allocated once per batch size.
 */
export class MinibatchStepper {
  readonly pass: ForwardPass;
  private readonly teaching: TeachingBuffers;
  private readonly steps = new Map<number, TeachingStep>();

  constructor(readonly net: Network, readonly loss: Loss) {
    this.pass = new ForwardPass(net);
    this.teaching = new TeachingBuffers(net);
  }

  /** Forward pass and output error only; returns the step (lossValue set, output delta filled). */
  forwardAndError(x: Matrix, y: Matrix): TeachingStep {
    const step = this.stepFor(x.rows);
    const f = this.pass.run(x);
    (step as { forward: unknown }).forward = f;
    (step as { target: Matrix }).target = y;
    const out = this.pass.topology.output.index;
    step.lossValue = this.loss.evaluate(f.a[out]!, f.h[out], y, this.pass.activation[out]!, step.delta[out], step.scratch[out]);
    return step;
  }

  /** The full proposal: forward, error, feedback, plasticity. A non-finite loss returns before the rule runs. */
  propose(learner: MinibatchLearner, x: Matrix, y: Matrix, grads: Gradients): TeachingStep {
    const step = this.forwardAndError(x, y);
    if (!Number.isFinite(step.lossValue)) return step;
    learner.deliver(step);
    learner.plasticity(step, grads);
    return step;
  }

  /**
   * The proposal of an unsupervised rule: forward pass and plasticity only (no loss, no feedback;
   * `lossValue` is NaN). Hebbian rules learn from activity alone.
   */
  proposeUnsupervised(learner: MinibatchLearner, x: Matrix, grads: Gradients): TeachingStep {
    const step = this.stepFor(x.rows);
    (step as { forward: unknown }).forward = this.pass.run(x);
    step.lossValue = NaN;
    learner.deliver(step);
    learner.plasticity(step, grads);
    return step;
  }

  private stepFor(batch: number): TeachingStep {
    let s = this.steps.get(batch);
    if (!s) {
      const b = this.teaching.get(batch);
      s = { net: this.net, topology: this.pass.topology, forward: undefined as never, target: undefined as never, loss: this.loss, delta: b.delta, scratch: b.scratch, lossValue: 0 };
      this.steps.set(batch, s);
    }
    return s;
  }
}

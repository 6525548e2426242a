import { allocF64 } from '../kernels/backend.js';
import { exp, log } from '../kernels/math.js';
import { matmul } from '../kernels/matmul.js';
import { Matrix } from '../kernels/matrix.js';
import { PerShape } from './per-shape.js';
import { pseudoDerivative, spikeOf } from './spike-function.js';
import type { SpikingNetwork } from './spiking-network.js';

/**
 * A minibatch of input sequences: `steps` time steps of `size` examples, each step's inputs a size × inputSize
 * matrix (spikes 0/1 from an encoder, or any real input), stored step-major: inputs[(t−1)·size·I + b·I + i].
 */
export interface SequenceBatch {
  readonly steps: number;
  readonly size: number;
  readonly inputs: Float64Array;
  readonly labels: Int32Array;
  /**
   * The loss window: steps lossFrom .. steps (1-based) carry a cross-entropy term each, and the prediction is
   * the class with the largest readout summed over them. 1 = every step; `steps` = the last step only.
   */
  readonly lossFrom: number;
}

/** What a pass over a batch gives: the mean loss per example and step of the window, and per-example predictions. */
export interface SequenceOutcome {
  loss: number;
  correct: number;
  /** Spikes per hidden neuron and step, averaged over the batch (a firing-rate measure: × 1000/dt for Hz). */
  spikesPerStep: number;
}

/** Called after each step t with the simulator's current views filled (e-prop's traces read them). */
export interface StepObserver {
  afterStep(sim: SequenceSimulator, t: number): void;
}

/** The buffers of one batch shape; owners are the heap arrays the step views look at (kept referenced while the views live). */
interface StepBuffers {
  owners: Float64Array[];
  zs: Matrix[];
  psis: Matrix[];
  gs: Matrix[];
  v: Float64Array;
  a: Float64Array;
  y: Float64Array;
  yNew: Matrix;
  current: Matrix;
  summed: Float64Array;
}

/**
 * Runs a SpikingNetwork over a batch, step by step, in the equations of spiking-network.ts, and computes the
 * readout's loss. With `record` it keeps every step's spikes, pseudo-derivatives and loss gradients (what BPTT
 * goes back through: memory grows with the number of steps); without, only the current and previous step's
 * (what e-prop needs: memory independent of the number of steps). Buffers are made once per batch shape and
 * kept (per-shape.ts).
 *
 * Per step, at slot s(t) (t itself when recording, t mod 2 otherwise; slot 0 of step 0 is all zeros):
 *   z(t), psi(t)  hidden spikes and ψ^t = ∂z^t/∂v^t,  B × N
 *   g(t)          ∂E/∂y^t from this step's loss term alone (zero outside the window),  B × K
 *   x(t)          the inputs of step t,  B × I
 */

export class SequenceSimulator {
  private readonly buffers = new PerShape<StepBuffers>();
  /** The current batch shape's buffers (set by prepare). */
  private b!: StepBuffers;
  /** The batch inputs the views in xs look at (they keep it alive). */
  private inputs: Float64Array | null = null;
  private xs: Matrix[] = [];

  constructor(readonly net: SpikingNetwork, readonly record: boolean) {}

  z(t: number): Matrix {
    return this.b.zs[this.slot(t)];
  }
  psi(t: number): Matrix {
    return this.b.psis[this.slot(t)];
  }
  g(t: number): Matrix {
    return this.b.gs[this.slot(t)];
  }
  x(t: number): Matrix {
    return this.xs[t - 1];
  }
  /** The hidden layer's membranes v^t after the current step (B × N; an observer reads them in afterStep). */
  get membrane(): Float64Array {
    return this.b.v;
  }
  /** The hidden layer's adaptation a^t after the current step (B × N; zero for LIF): the threshold is ϑ + β a. */
  get adaptation(): Float64Array {
    return this.b.a;
  }

  private slot(t: number): number {
    return this.record ? t : t & 1;
  }

  private prepare(batch: SequenceBatch): void {
    const { net } = this, B = batch.size, T = batch.steps, N = net.size, K = net.outputSize, I = net.inputSize;
    if (batch.inputs.length !== T * B * I) throw new Error(`SequenceBatch: expected ${T} steps × ${B} examples × ${I} inputs = ${T * B * I} values, got ${batch.inputs.length}`);
    if (batch.labels.length !== B) throw new Error(`SequenceBatch: expected ${B} labels, got ${batch.labels.length}`);
    if (!(Number.isInteger(batch.lossFrom) && batch.lossFrom >= 1 && batch.lossFrom <= T)) throw new Error(`SequenceBatch.lossFrom: expected a step from 1 to ${T}, got ${batch.lossFrom}`);
    const b = this.buffers.get(`${T}/${B}`, () => {
      const slots = this.record ? T + 1 : 2;
      const z = allocF64(slots * B * N), psi = allocF64(slots * B * N), g = allocF64(slots * B * K);
      const views = (owner: Float64Array, rows: number, cols: number) => Array.from({ length: slots }, (_, s) => new Matrix(rows, cols, owner.subarray(s * rows * cols, (s + 1) * rows * cols)));
      return {
        owners: [z, psi, g],
        zs: views(z, B, N),
        psis: views(psi, B, N),
        gs: views(g, B, K),
        v: allocF64(B * N),
        a: allocF64(B * N),
        y: allocF64(B * K),
        yNew: new Matrix(B, K, allocF64(B * K)),
        current: new Matrix(B, N, allocF64(B * N)),
        summed: allocF64(B * K),
      };
    });
    if (b !== this.b) {
      this.b = b;
      this.inputs = null;
    }
    if (batch.inputs !== this.inputs) {
      this.xs = [];
      for (let t = 0; t < T; t++) this.xs.push(new Matrix(B, I, batch.inputs.subarray(t * B * I, (t + 1) * B * I)));
      this.inputs = batch.inputs;
    }
  }

  /** Simulates the batch from rest; `observer.afterStep` runs after each step. */
  run(batch: SequenceBatch, observer?: StepObserver): SequenceOutcome {
    this.prepare(batch);
    const { net } = this, B = batch.size, T = batch.steps, N = net.size, K = net.outputSize;
    const { alpha, rho, kappa, threshold, beta, spike } = net, adaptive = net.adaptive;
    const v = this.b.v, a = this.b.a, y = this.b.y, cur = this.b.current.data, yNew = this.b.yNew.data, summed = this.b.summed;
    v.fill(0), a.fill(0), y.fill(0), summed.fill(0);
    this.b.zs[0].data.fill(0);
    const windowSteps = T - batch.lossFrom + 1, gScale = 1 / (windowSteps * B);
    let loss = 0, spikes = 0;
    for (let t = 1; t <= T; t++) {
      const zPrev = this.z(t - 1).data, z = this.z(t).data, psi = this.psi(t).data, g = this.g(t).data;
      matmul(this.x(t), net.win, this.b.current);
      if (net.wrec) matmul(this.z(t - 1), net.wrec, this.b.current, true);
      for (let i = 0; i < B * N; i++) {
        const vi = alpha * v[i] + cur[i] - threshold * zPrev[i];
        let thr = threshold;
        if (adaptive) {
          const ai = rho * a[i] + zPrev[i];
          a[i] = ai;
          thr = threshold + beta * ai;
        }
        v[i] = vi;
        const u = (vi - thr) / threshold;
        const zi = spikeOf(spike, u);
        z[i] = zi;
        spikes += zi;
        psi[i] = pseudoDerivative(spike, u, threshold);
      }
      matmul(this.z(t), net.wout, this.b.yNew);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < K; k++) {
          const i = b * K + k;
          y[i] = kappa * y[i] + yNew[i] + net.bout[k];
        }
      }
      if (t >= batch.lossFrom) loss += this.lossTerm(y, batch.labels, g, gScale);
      else g.fill(0);
      if (t >= batch.lossFrom) for (let i = 0; i < B * K; i++) summed[i] += y[i];
      observer?.afterStep(this, t);
    }
    let correct = 0;
    for (let b = 0; b < B; b++) {
      let best = 0;
      for (let k = 1; k < K; k++) if (summed[b * K + k] > summed[b * K + best]) best = k;
      correct += +(best === batch.labels[b]);
    }
    return { loss: loss / (windowSteps * B), correct, spikesPerStep: spikes / (T * B * N) };
  }

  /** Σ_b −log softmax(y_b)[label]; g ← (softmax − one-hot) × gScale. */
  private lossTerm(y: Float64Array, labels: Int32Array, g: Float64Array, gScale: number): number {
    const K = this.net.outputSize;
    let total = 0;
    for (let b = 0; b < labels.length; b++) {
      const o = b * K;
      let max = y[o];
      for (let k = 1; k < K; k++) if (y[o + k] > max) max = y[o + k];
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const e = exp(y[o + k] - max);
        g[o + k] = e;
        sum += e;
      }
      const label = labels[b];
      total += log(sum) - (y[o + label] - max);
      for (let k = 0; k < K; k++) g[o + k] = (g[o + k] / sum - (k === label ? 1 : 0)) * gScale;
    }
    return total;
  }
}

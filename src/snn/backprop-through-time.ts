import { allocF64 } from '../kernels/backend.js';
import { sumRows } from '../kernels/elementwise.js';
import { matmulTransA, matmulTransB } from '../kernels/matmul.js';
import { Matrix } from '../kernels/matrix.js';
import type { SequenceBatch, SequenceSimulator } from './sequence-simulator.js';
import type { SpikingGradients } from './spiking-network.js';
import { PerShape } from './per-shape.js';

/** BPTT's scratch for one batch shape: ∂E/∂v and ∂E/∂a at this step and the next, ∂E/∂z, ∂E/∂y. */
interface BpttBuffers {
  dv: Matrix;
  dvNext: Matrix;
  da: Float64Array;
  daNext: Float64Array;
  dz: Matrix;
  dy: Matrix;
}

/**
 * Backpropagation through time over a recorded pass (SequenceSimulator with `record`): the exact gradient of
 * the loss through the unrolled equations of spiking-network.ts, with ψ^t in place of ∂z^t/∂v^t. Going back
 * from t = T (every δ^{T+1} = 0), with δ· = ∂E/∂· through everything that comes later:
 *   δy^t = g^t + κ δy^{t+1}                                       (g^t: this step's loss term)
 *   δz^t = δy^t W_outᵀ + δv^{t+1} W_recᵀ − ϑ δv^{t+1} + δa^{t+1}   (readout, recurrence, reset, adaptation)
 *   δv^t = ψ^t δz^t + α δv^{t+1}
 *   δa^t = −β ψ^t δz^t + ρ δa^{t+1}
 *   ∂E/∂W_in += x^tᵀ δv^t,  ∂E/∂W_rec += z^{t−1}ᵀ δv^t,  ∂E/∂W_out += z^tᵀ δy^t,  ∂E/∂b_out += Σ_b δy^t
 * `detachReset` drops the reset's term −ϑ δv^{t+1} (the reset is then a constant to the gradient, as in Bellec
 * et al. 2020 and as Zenke & Vogels 2021 recommend); with it kept and a smooth spike function, these are the
 * exact derivatives of the loss, which test/snn checks against finite differences. W_rec's diagonal (no
 * self-connections) gets no gradient. Memory: the recorded pass holds T steps of spikes and ψ.
 */
export class BackpropThroughTime {
  private readonly buffers = new PerShape<BpttBuffers>();
  /** The current batch shape's buffers (set by prepare). */
  private b!: BpttBuffers;

  constructor(readonly detachReset: boolean) {}

  private prepare(B: number, N: number, K: number): void {
    // Both halves of each pair are scratch (dvNext and daNext are zeroed before use), so which is which after
    // the swaps of an earlier batch does not matter.
    this.b = this.buffers.get(`${B}/${N}/${K}`, () => ({
      dv: new Matrix(B, N, allocF64(B * N)),
      dvNext: new Matrix(B, N, allocF64(B * N)),
      da: allocF64(B * N),
      daNext: allocF64(B * N),
      dz: new Matrix(B, N, allocF64(B * N)),
      dy: new Matrix(B, K, allocF64(B * K)),
    }));
  }

  /** grads += ∂E/∂(every parameter) for the batch `sim` has just run (grads are not zeroed here). */
  accumulate(sim: SequenceSimulator, batch: SequenceBatch, grads: SpikingGradients): void {
    if (!sim.record) throw new Error('BackpropThroughTime: the simulator must record the pass (new SequenceSimulator(net, true))');
    const net = sim.net, B = batch.size, T = batch.steps, N = net.size, K = net.outputSize;
    this.prepare(B, N, K);
    const { alpha, rho, kappa, threshold, beta } = net, reset = this.detachReset ? 0 : threshold;
    const dy = this.b.dy.data, dz = this.b.dz.data;
    this.b.dvNext.data.fill(0);
    this.b.daNext.fill(0);
    dy.fill(0);
    for (let t = T; t >= 1; t--) {
      const g = sim.g(t).data, psi = sim.psi(t).data;
      for (let i = 0; i < B * K; i++) dy[i] = g[i] + kappa * dy[i];
      matmulTransA(sim.z(t), this.b.dy, grads.wout, true);
      sumRows(this.b.dy, grads.bout, true);
      matmulTransB(this.b.dy, net.wout, this.b.dz);
      if (net.wrec) matmulTransB(this.b.dvNext, net.wrec, this.b.dz, true);
      const dv = this.b.dv.data, dvNext = this.b.dvNext.data, da = this.b.da, daNext = this.b.daNext;
      for (let i = 0; i < B * N; i++) {
        const d = dz[i] + daNext[i] - reset * dvNext[i], p = psi[i] * d;
        dv[i] = p + alpha * dvNext[i];
        da[i] = -beta * p + rho * daNext[i];
      }
      matmulTransA(sim.x(t), this.b.dv, grads.win, true);
      if (net.wrec && grads.wrec) matmulTransA(sim.z(t - 1), this.b.dv, grads.wrec, true);
      // Swap by hand (a destructuring swap would make an array per step).
      const v = this.b.dv, a = this.b.da;
      this.b.dv = this.b.dvNext;
      this.b.dvNext = v;
      this.b.da = this.b.daNext;
      this.b.daNext = a;
    }
    if (grads.wrec) for (let j = 0; j < N; j++) grads.wrec.data[j * N + j] = 0;
  }
}

import { allocF64 } from '../kernels/backend.js';
import { sumRows } from '../kernels/elementwise.js';
import { matmulTransA, matmulTransB } from '../kernels/matmul.js';
import { Matrix } from '../kernels/matrix.js';
import type { SequenceBatch, SequenceSimulator } from './sequence-simulator.js';
import type { SpikingGradients } from './spiking-network.js';
import { PerShape } from './per-shape.js';

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
  private shape = '';
  private readonly buffers = new PerShape<{ dv: Matrix; dvNext: Matrix; da: Float64Array; daNext: Float64Array; dz: Matrix; dy: Matrix }>();
  private dv!: Matrix;
  private dvNext!: Matrix;
  private da!: Float64Array;
  private daNext!: Float64Array;
  private dz!: Matrix;
  private dy!: Matrix;

  constructor(readonly detachReset: boolean) {}

  private prepare(B: number, N: number, K: number): void {
    const shape = `${B}/${N}/${K}`;
    if (shape === this.shape) return;
    const b = this.buffers.get(shape, () => ({
      dv: new Matrix(B, N, allocF64(B * N)),
      dvNext: new Matrix(B, N, allocF64(B * N)),
      da: allocF64(B * N),
      daNext: allocF64(B * N),
      dz: new Matrix(B, N, allocF64(B * N)),
      dy: new Matrix(B, K, allocF64(B * K)),
    }));
    // Both halves of each pair are scratch (dvNext and daNext are zeroed before use), so which is which after
    // the swaps of an earlier batch does not matter.
    ({ dv: this.dv, dvNext: this.dvNext, da: this.da, daNext: this.daNext, dz: this.dz, dy: this.dy } = b);
    this.shape = shape;
  }

  /** grads += ∂E/∂(every parameter) for the batch `sim` has just run (grads are not zeroed here). */
  accumulate(sim: SequenceSimulator, batch: SequenceBatch, grads: SpikingGradients): void {
    if (!sim.record) throw new Error('BackpropThroughTime: the simulator must record the pass (new SequenceSimulator(net, true))');
    const net = sim.net, B = batch.size, T = batch.steps, N = net.size, K = net.outputSize;
    this.prepare(B, N, K);
    const { alpha, rho, kappa, threshold, beta } = net, reset = this.detachReset ? 0 : threshold;
    const dy = this.dy.data, dz = this.dz.data;
    this.dvNext.data.fill(0);
    this.daNext.fill(0);
    dy.fill(0);
    for (let t = T; t >= 1; t--) {
      const g = sim.g(t).data, psi = sim.psi(t).data;
      for (let i = 0; i < B * K; i++) dy[i] = g[i] + kappa * dy[i];
      matmulTransA(sim.z(t), this.dy, grads.wout, true);
      sumRows(this.dy, grads.bout, true);
      matmulTransB(this.dy, net.wout, this.dz);
      if (net.wrec) matmulTransB(this.dvNext, net.wrec, this.dz, true);
      const dv = this.dv.data, dvNext = this.dvNext.data, da = this.da, daNext = this.daNext;
      for (let i = 0; i < B * N; i++) {
        const d = dz[i] + daNext[i] - reset * dvNext[i], p = psi[i] * d;
        dv[i] = p + alpha * dvNext[i];
        da[i] = -beta * p + rho * daNext[i];
      }
      matmulTransA(sim.x(t), this.dv, grads.win, true);
      if (net.wrec && grads.wrec) matmulTransA(sim.z(t - 1), this.dv, grads.wrec, true);
      // Swap by hand (a destructuring swap would make an array per step).
      const v = this.dv, a = this.da;
      this.dv = this.dvNext;
      this.dvNext = v;
      this.da = this.daNext;
      this.daNext = a;
    }
    if (grads.wrec) for (let j = 0; j < N; j++) grads.wrec.data[j * N + j] = 0;
  }
}

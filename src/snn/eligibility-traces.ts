import { allocF64, allocU8 } from '../kernels/backend.js';
import { eligibilityStep } from './eligibility-step.js';
import { sumRows } from '../kernels/elementwise.js';
import { matmulTransA, matmulTransB } from '../kernels/matmul.js';
import { Matrix } from '../kernels/matrix.js';
import type { SequenceBatch, SequenceOutcome, SequenceSimulator, StepObserver } from './sequence-simulator.js';
import type { SpikingGradients, SpikingNetwork } from './spiking-network.js';
import { PerShape } from './per-shape.js';

/** e-prop's traces for one batch shape (what each holds: see the fields' uses below and eligibility-step.ts). */
interface TraceBuffers {
  /** Presynaptic traces of the inputs and of the hidden layer's spikes (recurrent layers). */
  preIn: Float64Array;
  preRec: Float64Array;
  /** Per example and presynaptic neuron: whether it has spiked in this sequence (its synapses' traces are not all zero). */
  liveIn: Uint8Array;
  liveRec: Uint8Array;
  /** Filtered eligibility and (ALIF) adaptation eligibility per synapse and example. */
  eIn: Float64Array;
  aIn: Float64Array;
  eRec: Float64Array;
  aRec: Float64Array;
  /** The readout's filtered spikes, the learning signals, and the per-class sum of this step's loss gradient. */
  zk: Matrix;
  signal: Matrix;
  gSum: Float64Array;
}

/**
 * e-prop's forward-in-time gradient (Bellec et al. 2020, Nat. Commun. 11:3625, eqs. 23–29), run alongside a
 * pass that keeps no history: after each step, every synapse i → j of the hidden layer updates its own
 * eligibility trace from what is present there, and its weight's update direction adds the neuron's learning
 * signal times that trace. Per step t, for each example:
 *   ε^t_i = α ε^{t−1}_i + pre^t_i       the presynaptic trace (pre = x^t for W_in, z^{t−1} for W_rec)
 *   e^t_ji = ψ^t_j (ε^t_i − β εa^t_ji)   eligibility; εa^{t+1}_ji = ρ εa^t_ji + e^t_ji  (ALIF; εa = 0 for LIF)
 *   ē^t_ji = κ ē^{t−1}_ji + e^t_ji       filtered by the readout's leak
 *   L^t_j = Σ_k B_jk g^t_k               the learning signal: this step's output error through B (the rule's)
 *   ΔW_ji += L^t_j ē^t_ji
 * and for the readout, whose gradient e-prop gets exactly: ΔW_out += z̄^tᵀ g^t, Δb_out += c^t Σ_b g^t, with
 * z̄^t = κ z̄^{t−1} + z^t and c^t = κ c^{t−1} + 1.
 *
 * Where it is exact: with B = W_out (symmetric feedback), no recurrent weights, and BPTT's reset detached,
 * a neuron's spikes reach the loss only through the readout and its own adaptation, both of which the traces
 * follow, so ΔW equals BPTT's gradient (up to rounding; test/snn checks it). With W_rec it leaves out the
 * paths through other neurons' spikes — the approximation e-prop makes — and the angle to BPTT says how much.
 *
 * Memory: one or two traces per synapse and example (B·(I + N)·N values, two for ALIF), none per step.
 */
export class EligibilityTraces implements StepObserver {
  private readonly buffers = new PerShape<TraceBuffers>();
  /** The current batch shape's traces (set by prepare). */
  private b!: TraceBuffers;
  private c = 0;
  private grads: SpikingGradients | null = null;
  private feedback: Matrix | null = null;

  constructor(readonly net: SpikingNetwork) {}

  /** Bytes of trace memory for a batch of `size` examples (independent of the number of steps). */
  static bytes(net: Pick<SpikingNetwork, 'inputSize' | 'size' | 'recurrent' | 'adaptive'>, size: number): number {
    const synapses = (net.inputSize + (net.recurrent ? net.size : 0)) * net.size;
    return 8 * size * (synapses * (net.adaptive ? 2 : 1) + net.inputSize + 2 * net.size);
  }

  private prepare(B: number): void {
    const { net } = this, I = net.inputSize, N = net.size, K = net.outputSize;
    this.b = this.buffers.get(String(B), () => {
      const empty = allocF64(0);
      return {
        preIn: allocF64(B * I),
        preRec: net.recurrent ? allocF64(B * N) : empty,
        liveIn: allocU8(B * I),
        liveRec: allocU8(net.recurrent ? B * N : 0),
        eIn: allocF64(B * I * N),
        aIn: net.adaptive ? allocF64(B * I * N) : empty,
        eRec: net.recurrent ? allocF64(B * N * N) : empty,
        aRec: net.recurrent && net.adaptive ? allocF64(B * N * N) : empty,
        zk: new Matrix(B, N, allocF64(B * N)),
        signal: new Matrix(B, N, allocF64(B * N)),
        gSum: allocF64(K),
      };
    });
  }

  /** Runs `sim` (no recording needed) over the batch with learning signals through `feedback` (N × K, shaped like W_out); grads += the update directions. */
  accumulate(sim: SequenceSimulator, batch: SequenceBatch, feedback: Matrix, grads: SpikingGradients): SequenceOutcome {
    const { net } = this;
    if (feedback.rows !== net.size || feedback.cols !== net.outputSize) throw new RangeError(`e-prop: feedback weights must be ${net.size} × ${net.outputSize} (shaped like the readout), got ${feedback.rows} × ${feedback.cols}`);
    this.prepare(batch.size);
    for (const a of [this.b.preIn, this.b.eIn, this.b.aIn, this.b.preRec, this.b.eRec, this.b.aRec, this.b.zk.data]) a.fill(0);
    this.b.liveIn.fill(0);
    this.b.liveRec.fill(0);
    this.c = 0;
    this.grads = grads;
    this.feedback = feedback;
    try {
      const outcome = sim.run(batch, this);
      // No self-connections: W_rec's diagonal gets no update.
      if (grads.wrec) for (let j = 0; j < net.size; j++) grads.wrec.data[j * net.size + j] = 0;
      return outcome;
    } finally {
      this.grads = null;
      this.feedback = null;
    }
  }

  afterStep(sim: SequenceSimulator, t: number): void {
    const { net } = this, grads = this.grads!, B = sim.z(t).rows, N = net.size, K = net.outputSize;
    const g = sim.g(t), z = sim.z(t).data, psi = sim.psi(t).data, L = this.b.signal.data, zk = this.b.zk.data;
    matmulTransB(g, this.feedback!, this.b.signal);
    eligibilityStep(net, sim.x(t).data, net.inputSize, this.b.preIn, this.b.liveIn, this.b.eIn, this.b.aIn, psi, L, grads.win.data, B);
    if (net.recurrent) eligibilityStep(net, sim.z(t - 1).data, N, this.b.preRec, this.b.liveRec, this.b.eRec, this.b.aRec, psi, L, grads.wrec!.data, B);
    // The readout: exact, through z̄ and c.
    for (let i = 0; i < B * N; i++) zk[i] = net.kappa * zk[i] + z[i];
    matmulTransA(this.b.zk, g, grads.wout, true);
    this.c = net.kappa * this.c + 1;
    sumRows(g, this.b.gSum);
    for (let k = 0; k < K; k++) grads.bout[k] += this.c * this.b.gSum[k];
  }
}

/** The functions the WebAssembly kernels module exports (src/kernels/wasm/assembly/index.ts); pointers are byte offsets into the heap's memory. */
export interface WasmKernels {
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  matmulTransB(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  matmulTransA(a: number, b: number, c: number, k: number, m: number, n: number, accumulate: boolean): void;
  /** Rows i0 .. i1 of matmulTransA's C: a helper thread's part (kernel-team.ts). */
  matmulTransARows(a: number, b: number, c: number, k: number, m: number, n: number, accumulate: boolean, i0: number, i1: number): void;
  scratchBytes(): number;
  setScratch(base: number): void;
  addRowVector(c: number, v: number, rows: number, cols: number): void;
  sumRows(a: number, out: number, rows: number, cols: number, accumulate: boolean): void;
  hadamard(a: number, b: number, out: number, n: number): void;
  /** kind: 0 linear, 1 sigmoid, 2 tanh, 3 relu, 4 leaky ReLU (ACTIVATION_CODES in src/neurons/activations.ts). */
  activationForward(kind: number, a: number, h: number, n: number): void;
  /** g = 0 (no gradient array) writes the derivative itself. */
  activationBackward(kind: number, a: number, h: number, g: number, out: number, n: number): void;
  sgd(p: number, g: number, n: number, lr: number, decay: number): void;
  sgdMomentum(p: number, g: number, v: number, n: number, lr: number, mu: number, decay: number, nesterov: boolean): void;
  adam(p: number, g: number, m: number, v: number, n: number, lr: number, b1: number, b2: number, eps: number, l2: number, shrink: number, c1: number, c2: number): void;
  // Convolution and pooling over a batch (src/kernels/wasm/assembly/conv.ts); `geometry` points at ten i32:
  // C, H, W, outC, oH, oW, k, stride, padTop, padLeft. Examples b0 .. b1, or filters o0 .. o1 of the weight gradient.
  convForward(x: number, w: number, bias: number, hasBias: boolean, out: number, col: number, b0: number, b1: number, geometry: number): void;
  convWeightGradient(x: number, dOut: number, dW: number, dBias: number, hasBias: boolean, col: number, batch: number, o0: number, o1: number, geometry: number): void;
  convInputGradient(dOut: number, kernel: number, dx: number, dcol: number, b0: number, b1: number, geometry: number): void;
  maxPoolForward(x: number, out: number, argmax: number, batch: number, C: number, H: number, W: number, oH: number, oW: number, k: number, s: number): void;
  maxPoolBackward(dOut: number, argmax: number, dx: number, batch: number, inSize: number, outSize: number): void;
  avgPoolForward(x: number, out: number, batch: number, C: number, H: number, W: number, oH: number, oW: number, k: number, s: number): void;
  avgPoolBackward(dOut: number, dx: number, batch: number, C: number, H: number, W: number, oH: number, oW: number, k: number, s: number): void;
  /** e-prop's per-synapse step for one weight matrix and one step of the batch (src/kernels/wasm/assembly/eligibility.ts). */
  eligibilityStep(pre: number, P: number, N: number, B: number, trace: number, live: number, ebar: number, ea: number, psi: number, L: number, grad: number, alpha: number, rho: number, kappa: number, beta: number, adaptive: boolean): void;
  exp_(x: number): number;
  expm1_(x: number): number;
  log_(x: number): number;
  tanh_(x: number): number;
  // The spiking kernels (src/kernels/wasm/assembly/neurons.ts, synapses.ts); each returns what its JavaScript twin does.
  lifCurrentStep(v: number, ge: number, gi: number, ref: number, spikes: number, n: number, vInf: number, pM: number, pE: number, pI: number, dE: number, dI: number, Vt: number, Vr: number, refTime: number, dt: number, halfDt: number): number;
  lifConductanceStep(v: number, ge: number, gi: number, ref: number, spikes: number, n: number, drive: number, mE: number, mI: number, Ee: number, Ei: number, dtOverTauM: number, pM: number, dE: number, dI: number, Vt: number, Vr: number, refTime: number, dt: number, halfDt: number): number;
  lifAdaptiveStep(v: number, ge: number, gi: number, ref: number, theta: number, blocked: number, spikes: number, n: number, drive: number, mE: number, mI: number, Ee: number, Ei: number, dtOverTauM: number, pM: number, dE: number, dI: number, dTheta: number, Vt: number, Vr: number, refTime: number, dt: number, halfDt: number, thetaPlus: number, minInterval: number): number;
  propagate(spikes: number, count: number, rowStart: number, postIndex: number, weight: number, target: number): void;
  propagateDelayed(spikes: number, count: number, rowStart: number, postIndex: number, weight: number, delaySteps: number, data: number, dirty: number, now: number, slots: number, n: number): void;
  deliver(target: number, slot: number, n: number): void;
  stdpPre(w: number, postOf: number, y: number, yf: number, from: number, to: number, aMinus: number, wMin: number, soft: boolean): void;
  stdpPost(w: number, synapse: number, preOf: number, x: number, xf: number, from: number, to: number, aPlus: number, wMax: number, soft: boolean): void;
  /** `lower`: a lower bound of next[] per block of POISSON_BLOCK neurons (src/kernels/wasm/assembly/synapses.ts). */
  poissonDue(next: number, lower: number, n: number, end: number, spikes: number): number;
  normaliseByPost(weight: number, postIndex: number, count: number, sums: number, nPost: number, target: number): void;
}

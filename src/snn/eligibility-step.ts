import { wasm } from '../kernels/backend.js';
import type { SpikingNetwork } from './spiking-network.js';

/**
 * One step of e-prop's traces and updates for one weight matrix (src/snn/eligibility-traces.ts gives the
 * equations): pre (B × P) is this step's presynaptic input, trace (B × P) the presynaptic traces, live (B × P)
 * whether each input has spiked yet in this sequence, ebar and ea (B × P × N) the filtered eligibility and the
 * adaptation's eligibility (ALIF), psi and L (B × N) the pseudo-derivatives and learning signals, grad (P × N)
 * the update direction it adds to. The loop below is the reference; with every array in the kernel heap the
 * WebAssembly module's twin runs instead (src/kernels/wasm/assembly/eligibility.ts), with the same bits.
 */
export function eligibilityStep(net: Pick<SpikingNetwork, 'alpha' | 'rho' | 'kappa' | 'beta' | 'adaptive' | 'size'>, pre: Float64Array, P: number, trace: Float64Array, live: Uint8Array, ebar: Float64Array, ea: Float64Array, psi: Float64Array, L: Float64Array, grad: Float64Array, B: number): void {
  const { alpha, rho, kappa, beta, adaptive } = net, N = net.size;
  const w = wasm();
  if (w && w.heap.holds(pre, trace, live, ebar, ea, psi, L, grad)) {
    w.kernels.eligibilityStep(pre.byteOffset, P, N, B, trace.byteOffset, live.byteOffset, ebar.byteOffset, ea.byteOffset, psi.byteOffset, L.byteOffset, grad.byteOffset, alpha, rho, kappa, beta, adaptive);
    return;
  }
  for (let b = 0; b < B; b++) {
    const row = b * N;
    for (let i = 0; i < P; i++) {
      const pi = b * P + i, eps = alpha * trace[pi] + pre[pi];
      trace[pi] = eps;
      // A synapse whose input has not spiked yet in this sequence has all-zero traces and adds nothing (most of
      // an MNIST image's pixels never do): skipping it gives the same bits.
      if (eps === 0 && !live[pi]) continue;
      live[pi] = 1;
      const o = pi * N, go = i * N;
      if (adaptive) {
        for (let j = 0; j < N; j++) {
          const e = psi[row + j] * (eps - beta * ea[o + j]);
          ea[o + j] = rho * ea[o + j] + e;
          const eb = kappa * ebar[o + j] + e;
          ebar[o + j] = eb;
          grad[go + j] += L[row + j] * eb;
        }
      } else {
        for (let j = 0; j < N; j++) {
          const eb = kappa * ebar[o + j] + psi[row + j] * eps;
          ebar[o + j] = eb;
          grad[go + j] += L[row + j] * eb;
        }
      }
    }
  }
}

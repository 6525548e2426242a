/*
 * e-prop's per-synapse step (the twin of EligibilityTraces.synapses in src/snn/eligibility-traces.ts): for each
 * example b and presynaptic neuron i, its trace ε = α ε + pre, then for every postsynaptic neuron j
 *   LIF:   ē = κ ē + ψ_j ε
 *   ALIF:  e = ψ_j (ε − β εa);  εa = ρ εa + e;  ē = κ ē + e
 *   grad_ij += L_j ē
 * two j at a time in f64x2 lanes, each lane the same operations in the same order as the JavaScript loop, so the
 * same bits. A synapse whose input has not spiked yet in the sequence (ε = 0 and not live) has all-zero traces
 * and is skipped, as there. Pointers are byte offsets into the heap; live is one byte per (b, i).
 */

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

export function eligibilityStep(pre: usize, P: i32, N: i32, B: i32, trace: usize, live: usize, ebar: usize, ea: usize, psi: usize, L: usize, grad: usize, alpha: f64, rho: f64, kappa: f64, beta: f64, adaptive: bool): void {
  const k2 = f64x2.splat(kappa), r2 = f64x2.splat(rho), b2 = f64x2.splat(beta);
  for (let b = 0; b < B; b++) {
    const row = b * N;
    for (let i = 0; i < P; i++) {
      const pi = b * P + i, eps = alpha * load<f64>(at(trace, pi)) + load<f64>(at(pre, pi));
      store<f64>(at(trace, pi), eps);
      if (eps == 0 && load<u8>(live + <usize>pi) == 0) continue;
      store<u8>(live + <usize>pi, 1);
      const o = pi * N, go = i * N, e2 = f64x2.splat(eps);
      let j = 0;
      if (adaptive) {
        for (; j + 2 <= N; j += 2) {
          const a = v128.load(at(ea, o + j));
          const e = f64x2.mul(v128.load(at(psi, row + j)), f64x2.sub(e2, f64x2.mul(b2, a)));
          v128.store(at(ea, o + j), f64x2.add(f64x2.mul(r2, a), e));
          const eb = f64x2.add(f64x2.mul(k2, v128.load(at(ebar, o + j))), e);
          v128.store(at(ebar, o + j), eb);
          v128.store(at(grad, go + j), f64x2.add(v128.load(at(grad, go + j)), f64x2.mul(v128.load(at(L, row + j)), eb)));
        }
        for (; j < N; j++) {
          const a = load<f64>(at(ea, o + j));
          const e = load<f64>(at(psi, row + j)) * (eps - beta * a);
          store<f64>(at(ea, o + j), rho * a + e);
          const eb = kappa * load<f64>(at(ebar, o + j)) + e;
          store<f64>(at(ebar, o + j), eb);
          store<f64>(at(grad, go + j), load<f64>(at(grad, go + j)) + load<f64>(at(L, row + j)) * eb);
        }
      } else {
        for (; j + 2 <= N; j += 2) {
          const eb = f64x2.add(f64x2.mul(k2, v128.load(at(ebar, o + j))), f64x2.mul(v128.load(at(psi, row + j)), e2));
          v128.store(at(ebar, o + j), eb);
          v128.store(at(grad, go + j), f64x2.add(v128.load(at(grad, go + j)), f64x2.mul(v128.load(at(L, row + j)), eb)));
        }
        for (; j < N; j++) {
          const eb = kappa * load<f64>(at(ebar, o + j)) + load<f64>(at(psi, row + j)) * eps;
          store<f64>(at(ebar, o + j), eb);
          store<f64>(at(grad, go + j), load<f64>(at(grad, go + j)) + load<f64>(at(L, row + j)) * eb);
        }
      }
    }
  }
}

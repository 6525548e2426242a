/**
 * e-prop's per-synapse step in the WebAssembly module (src/kernels/wasm/assembly/eligibility.ts) against its
 * JavaScript reference loop (src/snn/eligibility-step.ts, run on arrays outside the heap): the same bits, LIF
 * and ALIF, odd and even numbers of postsynaptic neurons, inputs that have and have not spiked yet.
 */
import { describe, expect, it } from 'vitest';
import { allocF64, allocU8, wasm } from '../../src/kernels/backend.js';
import { eligibilityStep } from '../../src/snn/eligibility-step.js';
import { mulberry32 } from '../support/mulberry32.js';

describe.skipIf(!wasm())('e-prop step: WebAssembly twin', () => {
  for (const adaptive of [false, true]) {
    for (const [B, P, N] of [[3, 7, 5], [2, 16, 8], [1, 3, 1]]) {
      it(`${adaptive ? 'ALIF' : 'LIF'}, ${B} examples × ${P} inputs × ${N} neurons, 6 steps: bits equal`, () => {
        const rand = mulberry32(B * 100 + P * 10 + N + (adaptive ? 1 : 0));
        const net = { alpha: 0.95, rho: 0.99, kappa: 0.9, beta: adaptive ? 1.8 : 0, adaptive, size: N };
        const make = (heap: boolean) => {
          const f = (n: number) => (heap ? allocF64(n) : new Float64Array(n));
          return { trace: f(B * P), live: heap ? allocU8(B * P) : new Uint8Array(B * P), ebar: f(B * P * N), ea: f(adaptive ? B * P * N : 0), grad: f(P * N), pre: f(B * P), psi: f(B * N), L: f(B * N) };
        };
        const js = make(false), wa = make(true);
        for (let step = 0; step < 6; step++) {
          for (let i = 0; i < B * P; i++) js.pre[i] = wa.pre[i] = step > 1 && rand() < 0.3 ? 1 : 0; // some inputs stay silent for a while
          for (let i = 0; i < B * N; i++) (js.psi[i] = wa.psi[i] = rand() * 0.3), (js.L[i] = wa.L[i] = rand() * 2 - 1);
          for (const s of [js, wa]) eligibilityStep(net, s.pre, P, s.trace, s.live, s.ebar, s.ea, s.psi, s.L, s.grad, B);
        }
        expect(js.grad.some((g) => g !== 0)).toBe(true);
        for (const k of ['trace', 'ebar', 'ea', 'grad'] as const) expect(Array.from(wa[k]), k).toEqual(Array.from(js[k]));
        expect(Array.from(wa.live)).toEqual(Array.from(js.live));
      });
    }
  }
});

import { Heap } from './heap.js';
import { type WasmInstance, webAssembly } from './webassembly-api.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_SHA256 } from './wasm/module-bytes.js';

/**
 * Which kernels run: the WebAssembly SIMD module (default) or the JavaScript reference kernels, chosen once
 * per thread by PLASTICITY_KERNELS=wasm|js. Both give the same bits wherever a kernel's summation order is
 * the same (the tests compare every pair), but a results folder records which ran, and `reproduce` refuses
 * to compare across paths. An engine without WebAssembly SIMD runs the JavaScript kernels unless
 * PLASTICITY_KERNELS=wasm insists.
 */
export type KernelPath = 'wasm' | 'js';

/** The functions the module exports; pointers are byte offsets into the heap's memory. */
export interface WasmKernels {
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  matmulTransB(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  matmulTransA(a: number, b: number, c: number, k: number, m: number, n: number, accumulate: boolean): void;
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
}

export interface KernelInfo {
  path: KernelPath;
  /** SHA-256 of the WebAssembly module that ran (null on the JavaScript path). */
  module: string | null;
}

const env = (name: string): string | undefined => (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

/** The smallest module that uses a SIMD instruction (v128.const, drop): engines without SIMD reject it. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 23, 1, 21, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 26, 11]);

function decode(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

let chosen: { path: KernelPath; heap: Heap | null; kernels: WasmKernels | null } | null = null;

function choose(): NonNullable<typeof chosen> {
  const wanted = env('PLASTICITY_KERNELS');
  if (wanted !== undefined && wanted !== 'wasm' && wanted !== 'js') throw new Error(`PLASTICITY_KERNELS: expected "wasm" or "js", got ${JSON.stringify(wanted)}`);
  if (wanted === 'js') return { path: 'js', heap: null, kernels: null };
  if (!webAssembly || !webAssembly.validate(SIMD_PROBE)) {
    const why = 'this JavaScript engine has no WebAssembly SIMD, which the kernels in src/kernels/wasm/module-bytes.ts need';
    if (wanted === 'wasm') throw new Error(`PLASTICITY_KERNELS=wasm: ${why}; set PLASTICITY_KERNELS=js to run on the JavaScript kernels`);
    // Chosen by default, not asked for: say so once and run on the JavaScript kernels.
    console.warn(`plasticity: ${why}; running on the JavaScript kernels (PLASTICITY_KERNELS=js)`);
    return { path: 'js', heap: null, kernels: null };
  }
  const mb = Number(env('PLASTICITY_HEAP_MB') ?? 4095);
  if (!(mb >= 16)) throw new Error(`PLASTICITY_HEAP_MB: expected a number of megabytes >= 16, got ${env('PLASTICITY_HEAP_MB')}`);
  const heap = new Heap(mb * 2 ** 20);
  let instance: WasmInstance;
  try {
    instance = new webAssembly!.Instance(new webAssembly!.Module(decode(KERNELS_WASM_BASE64)), { env: { memory: heap.memory } });
  } catch (e) {
    throw new Error(`the WebAssembly kernels (src/kernels/wasm/module-bytes.ts, sha256 ${KERNELS_WASM_SHA256.slice(0, 12)}) failed to load: ${(e as Error).message}; set PLASTICITY_KERNELS=js to run on the JavaScript kernels`);
  }
  const kernels = instance.exports as unknown as WasmKernels;
  kernels.setScratch(heap.reserve(kernels.scratchBytes()));
  return { path: 'wasm', heap, kernels };
}

function active(): NonNullable<typeof chosen> {
  return (chosen ??= choose());
}

/** The WebAssembly kernels and their heap, or null on the JavaScript path. */
export function wasm(): { heap: Heap; kernels: WasmKernels } | null {
  const c = active();
  return c.kernels ? { heap: c.heap!, kernels: c.kernels } : null;
}

/** A zeroed Float64Array where the active kernels work on it in place (the heap on the WebAssembly path). */
export function allocF64(n: number): Float64Array {
  const c = active();
  return c.heap ? c.heap.f64(n) : new Float64Array(n);
}

/** An Int32Array like allocF64's Float64Array (spike lists, CSR indices). */
export function allocI32(n: number): Int32Array {
  const c = active();
  return c.heap ? c.heap.i32(n) : new Int32Array(n);
}

/** A Uint8Array like allocF64's Float64Array (flags). */
export function allocU8(n: number): Uint8Array {
  const c = active();
  return c.heap ? c.heap.u8(n) : new Uint8Array(n);
}

export function kernelInfo(): KernelInfo {
  const c = active();
  return { path: c.path, module: c.path === 'wasm' ? KERNELS_WASM_SHA256 : null };
}

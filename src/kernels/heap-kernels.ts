import { type WasmKernels, wasm } from './backend.js';

/**
 * The WebAssembly kernels as the simulator's hot loops use them: once per step, on arrays that usually
 * (but not necessarily: a caller may hand in its own) live in the heap. A kernel runs in the module when the
 * path is on and its arrays are in the heap, otherwise its JavaScript twin runs; both give the same bits, so
 * the choice is about speed only.
 *
 * Why the offsets are cached (HeapBinding): in Node 20 a typed array's `buffer` and `byteOffset` getters cost
 * 10–20 ns each (they are not inlined), and a step of a small population (Song 2000's one neuron) would spend
 * more on them than in the kernel. The heap's buffer never changes (the memory is never grown,
 * src/kernels/heap.ts), so it is read once.
 */
export class HeapKernels {
  private constructor(readonly kernels: WasmKernels, private readonly buffer: ArrayBufferLike) {}

  /** The kernels, or null on the JavaScript path. */
  static get(): HeapKernels | null {
    const w = wasm();
    return w ? new HeapKernels(w.kernels, w.heap.memory.buffer) : null;
  }

  holds(a: ArrayBufferView): boolean {
    return a.buffer === this.buffer;
  }

  holds4(a: ArrayBufferView, b: ArrayBufferView, c: ArrayBufferView, d: ArrayBufferView): boolean {
    return a.buffer === this.buffer && b.buffer === this.buffer && c.buffer === this.buffer && d.buffer === this.buffer;
  }

  /** A cache of up to seven arrays' byte offsets for a kernel called with the same arrays step after step. */
  binding(): HeapBinding {
    return new HeapBinding(this);
  }
}

/**
 * The byte offsets o0 … o6 of the arrays last passed to `bind`, and whether all of them are in the heap.
 * `bind` compares the arrays with the last ones by identity (a pointer compare each) and reads their
 * offsets again only when one differs, so a caller that hands in other arrays is still right, and one that
 * does not pays nothing. Unused slots take any array already passed.
 */
export class HeapBinding {
  private a0: unknown = null; private a1: unknown = null; private a2: unknown = null; private a3: unknown = null;
  private a4: unknown = null; private a5: unknown = null; private a6: unknown = null;
  o0 = 0; o1 = 0; o2 = 0; o3 = 0; o4 = 0; o5 = 0; o6 = 0;
  private inHeap = false;

  constructor(private readonly fast: HeapKernels) {}

  bind(a0: ArrayBufferView, a1: ArrayBufferView, a2: ArrayBufferView, a3: ArrayBufferView, a4: ArrayBufferView, a5: ArrayBufferView = a0, a6: ArrayBufferView = a0): boolean {
    if (a0 === this.a0 && a1 === this.a1 && a2 === this.a2 && a3 === this.a3 && a4 === this.a4 && a5 === this.a5 && a6 === this.a6) return this.inHeap;
    this.a0 = a0; this.a1 = a1; this.a2 = a2; this.a3 = a3; this.a4 = a4; this.a5 = a5; this.a6 = a6;
    this.inHeap = this.fast.holds4(a0, a1, a2, a3) && this.fast.holds4(a4, a5, a6, a0);
    this.o0 = a0.byteOffset; this.o1 = a1.byteOffset; this.o2 = a2.byteOffset; this.o3 = a3.byteOffset;
    this.o4 = a4.byteOffset; this.o5 = a5.byteOffset; this.o6 = a6.byteOffset;
    return this.inHeap;
  }
}

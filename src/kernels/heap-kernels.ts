import { type WasmKernels, wasm } from './backend.js';

/**
 * The WebAssembly kernels as the simulator's hot loops use them: once per step, on arrays that usually
 * (but not necessarily: a caller may hand in its own) live in the heap. `holds` tests that without the
 * rest-parameter array Heap.holds allocates, since a time step must not allocate; the heap's buffer never
 * changes (the memory is never grown, src/kernels/heap.ts), so it is read once.
 *
 * A kernel runs in the module when the path is on and its arrays are in the heap, otherwise its JavaScript
 * twin runs; both give the same bits, so the choice is about speed only (see each caller's size threshold).
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

  holds2(a: ArrayBufferView, b: ArrayBufferView): boolean {
    return a.buffer === this.buffer && b.buffer === this.buffer;
  }

  holds4(a: ArrayBufferView, b: ArrayBufferView, c: ArrayBufferView, d: ArrayBufferView): boolean {
    return a.buffer === this.buffer && b.buffer === this.buffer && c.buffer === this.buffer && d.buffer === this.buffer;
  }
}

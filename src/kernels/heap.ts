/**
 * The WebAssembly heap: one linear memory per thread in which matrices and the other arrays the kernels work
 * on live, so that a kernel reads and writes them in place and nothing is copied per step.
 *
 * Why a fixed size: growing a WebAssembly memory detaches every typed-array view of it, so a matrix created
 * before a growth would silently become empty. The memory is therefore created once at its full size (4 GiB
 * less one page by default, the most a 32-bit memory addresses; PLASTICITY_HEAP_MB chooses another) and
 * never grown. That costs address space only: the operating system backs a page with memory when it is first
 * written, so a run holding 50 MB of arrays uses about 50 MB.
 *
 * Allocation: blocks of 2^k bytes (k ≥ 6, so every array starts 64-byte aligned), taken from a free list of
 * that size or from the top of the used region, and zeroed before they are handed out like a fresh typed
 * array (a block from the top has never been written: a new memory is all zeros). A block returns to its free list when the typed array that owns it is garbage-collected
 * (FinalizationRegistry); views of it must keep the owner alive (Matrix.rowView does). When does not affect
 * any result: a block's contents are zeroed on reuse, and kernels never depend on addresses.
 */

import { type WasmMemory, webAssembly } from './webassembly-api.js';

const PAGE = 65536;
const MIN_CLASS = 6;

export class HeapFullError extends RangeError {}

export class Heap {
  readonly memory: WasmMemory;
  readonly bytes: number;
  /** First byte not yet handed out. */
  private top: number;
  private readonly free: number[][] = [];
  private readonly registry: FinalizationRegistry<number>;
  /** Bytes in blocks currently handed out (for messages and tests). */
  used = 0;

  constructor(bytes: number) {
    const pages = Math.min(65535, Math.max(16, Math.ceil(bytes / PAGE)));
    if (!webAssembly) throw new Error('this JavaScript engine has no WebAssembly; set PLASTICITY_KERNELS=js');
    this.memory = new webAssembly.Memory({ initial: pages, maximum: pages });
    this.bytes = pages * PAGE;
    this.top = PAGE; // address 0 stays unused, so that no array ever has the null pointer
    // The held value packs (offset, class): offsets are multiples of 64, classes < 64.
    this.registry = new FinalizationRegistry((held: number) => this.release(Math.floor(held / 64) * 64, held % 64));
  }

  /** Reserves `size` bytes for good (a kernel module's scratch); returns the offset. */
  reserve(size: number): number {
    return this.take(Math.ceil(size / 64) * 64);
  }

  /** A zeroed Float64Array of n elements in the heap. */
  f64(n: number): Float64Array {
    const { offset, cls, fresh } = this.block(n * 8);
    const a = new Float64Array(this.memory.buffer, offset, n);
    if (!fresh) a.fill(0);
    if (cls >= 0) this.registry.register(a, offset + cls);
    return a;
  }

  /** A zeroed Int32Array of n elements in the heap. */
  i32(n: number): Int32Array {
    const { offset, cls, fresh } = this.block(n * 4);
    const a = new Int32Array(this.memory.buffer, offset, n);
    if (!fresh) a.fill(0);
    if (cls >= 0) this.registry.register(a, offset + cls);
    return a;
  }

  /** A zeroed Uint8Array of n elements in the heap. */
  u8(n: number): Uint8Array {
    const { offset, cls, fresh } = this.block(n);
    const a = new Uint8Array(this.memory.buffer, offset, n);
    if (!fresh) a.fill(0);
    if (cls >= 0) this.registry.register(a, offset + cls);
    return a;
  }

  /** Whether every array lives in this heap. */
  holds(...arrays: ArrayBufferView[]): boolean {
    const buffer = this.memory.buffer;
    for (const a of arrays) if (a.buffer !== buffer) return false;
    return true;
  }

  /** A block for `size` bytes; `fresh` when it comes from the never-used top of the heap, which is still all zeros. */
  private block(size: number): { offset: number; cls: number; fresh: boolean } {
    let cls = MIN_CLASS;
    while (2 ** cls < size) cls++;
    if (cls >= 32) throw this.full(size);
    const list = this.free[cls];
    const reused = list?.pop();
    this.used += 2 ** cls;
    if (reused !== undefined) return { offset: reused, cls, fresh: false };
    return { offset: this.take(2 ** cls), cls, fresh: true };
  }

  private take(size: number): number {
    if (this.top + size > this.bytes) throw this.full(size);
    const offset = this.top;
    this.top += size;
    return offset;
  }

  private release(offset: number, cls: number): void {
    (this.free[cls] ??= []).push(offset);
    this.used -= 2 ** cls;
  }

  private full(size: number): HeapFullError {
    const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
    return new HeapFullError(
      `the WebAssembly heap (${mb(this.bytes)}) cannot hold another array of ${mb(size)}: ${mb(this.used)} are in use. ` +
        'Use smaller layers or batches, or PLASTICITY_KERNELS=js for the JavaScript kernels, which are limited by the machine\'s memory only',
    );
  }
}

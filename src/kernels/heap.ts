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
 * array (a block from the top has never been written: a new memory is all zeros). A block returns to its free
 * list when the typed array that owns it is garbage-collected (FinalizationRegistry); views of it must keep the
 * owner alive (Matrix.rowView does). When does not affect any result: a block's contents are zeroed on reuse,
 * and kernels never depend on addresses.
 *
 * Why a full heap first collects: the engine does not count this memory as pressure (it was committed when
 * the heap was made), so dropped arrays can sit uncollected until the heap is full — a sweep of many runs in
 * one thread would fail on garbage. Before it gives up, the heap asks for a garbage collection (where the
 * runtime offers one: see setCollector) and takes back, there and then, every block whose array is gone
 * (each live block keeps a WeakRef to its array), without waiting for the finalizers, which run later.
 * Arrays dropped within the current synchronous job cannot be taken back that way (the language keeps a
 * WeakRef's target alive until the job ends), which is why a run's own arrays are made once and reused.
 */

import { type WasmMemory, webAssembly } from './webassembly-api.js';

const PAGE = 65536;
const MIN_CLASS = 6;

export class HeapFullError extends RangeError {
  override name = 'HeapFullError';
}

/** A block handed out: its array (weakly), its size class, and the token that unregisters its finalizer. */
interface LiveBlock {
  ref: WeakRef<ArrayBufferView>;
  cls: number;
  token: object;
}

let collect: (() => void) | null = null;

/** Installs the runtime's garbage collector (the backend installs runtime-collector.ts's when it makes the heap); a full heap calls it before giving up. */
export function setCollector(fn: (() => void) | null): void {
  collect = fn;
}

export class Heap {
  readonly memory: WasmMemory;
  readonly bytes: number;
  /** First byte not yet handed out. */
  private top: number;
  private readonly free: number[][] = [];
  private readonly registry: FinalizationRegistry<number>;
  private readonly live = new Map<number, LiveBlock>();
  /** Bytes in blocks currently handed out (for messages and tests). */
  used = 0;

  /** Whether the memory is shared (a SharedArrayBuffer), so that a helper thread can work on it too. */
  readonly shared: boolean;

  constructor(bytes: number, { shared = false }: { shared?: boolean } = {}) {
    const pages = Math.min(65535, Math.max(16, Math.ceil(bytes / PAGE)));
    if (!webAssembly) throw new Error('this JavaScript engine has no WebAssembly; set PLASTICITY_KERNELS=js');
    this.memory = new webAssembly.Memory({ initial: pages, maximum: pages, shared });
    this.shared = shared;
    this.bytes = pages * PAGE;
    this.top = PAGE; // address 0 stays unused, so that no array ever has the null pointer
    // The held value packs (offset, class): offsets are multiples of 64, classes < 64.
    this.registry = new FinalizationRegistry((held: number) => this.release(Math.floor(held / 64) * 64, held % 64));
    // (held packs offset and class; release checks the block is still the one registered, see below)
  }

  /** Reserves `size` bytes for good (a kernel module's scratch); returns the offset. */
  reserve(size: number): number {
    return this.take(Math.ceil(size / 64) * 64);
  }

  /** A zeroed Float64Array of n elements in the heap. */
  f64(n: number): Float64Array {
    const { offset, cls, fresh } = this.block(n * 8);
    return this.adopt(new Float64Array(this.memory.buffer, offset, n), offset, cls, fresh);
  }

  /** A zeroed Int32Array of n elements in the heap. */
  i32(n: number): Int32Array {
    const { offset, cls, fresh } = this.block(n * 4);
    return this.adopt(new Int32Array(this.memory.buffer, offset, n), offset, cls, fresh);
  }

  /** A zeroed Uint8Array of n elements in the heap. */
  u8(n: number): Uint8Array {
    const { offset, cls, fresh } = this.block(n);
    return this.adopt(new Uint8Array(this.memory.buffer, offset, n), offset, cls, fresh);
  }

  /** Zeroes a reused block and ties the block's return to its array's collection. */
  private adopt<T extends Float64Array | Int32Array | Uint8Array>(a: T, offset: number, cls: number, fresh: boolean): T {
    if (!fresh) a.fill(0);
    const token = {};
    this.live.set(offset, { ref: new WeakRef(a), cls, token });
    this.registry.register(a, offset + cls, token);
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
    for (let attempt = 0; ; attempt++) {
      const reused = this.free[cls]?.pop();
      if (reused !== undefined) {
        this.used += 2 ** cls;
        return { offset: reused, cls, fresh: false };
      }
      if (this.top + 2 ** cls <= this.bytes) {
        this.used += 2 ** cls;
        return { offset: this.take(2 ** cls), cls, fresh: true };
      }
      if (attempt > 0 || this.reclaim() === 0) throw this.full(2 ** cls);
    }
  }

  private take(size: number): number {
    if (this.top + size > this.bytes) throw this.full(size);
    const offset = this.top;
    this.top += size;
    return offset;
  }

  /** Collects garbage where the runtime lets us, then frees every block whose array is gone; returns how many. */
  private reclaim(): number {
    collect?.();
    let freed = 0;
    for (const [offset, b] of this.live) {
      if (b.ref.deref() !== undefined) continue;
      this.registry.unregister(b.token);
      this.release(offset, b.cls);
      freed++;
    }
    return freed;
  }

  private release(offset: number, cls: number): void {
    // A finalizer may still be queued for a block that reclaim() already freed (and perhaps handed out again):
    // only the block's current owner, whose entry is in `live`, may release it.
    const b = this.live.get(offset);
    if (!b || b.cls !== cls || b.ref.deref() !== undefined) return;
    this.live.delete(offset);
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

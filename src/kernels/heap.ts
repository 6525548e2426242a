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
 * Allocation: a buddy allocator of blocks of 2^k bytes (k ≥ 6, so every array starts 64-byte aligned), each
 * at an offset that is a multiple of its size. A request takes a free block of its size, else splits the
 * smallest larger free block in halves, else takes a new block from the top of the used region (the alignment
 * gap below it goes to the free lists as smaller blocks). Blocks are zeroed before they are handed out like a
 * fresh typed array (a block from the top has never been written: a new memory is all zeros). A block returns
 * to the free lists when the typed array that owns it is garbage-collected (FinalizationRegistry), and merges
 * with its buddy (the other half of the block of twice its size) whenever that is free too: so memory freed as
 * many small arrays serves a large one later (a process that trains conv nets and then e-prop, whose traces
 * are one large array per batch, would otherwise run out with little in use). Views of a block must keep the
 * owner alive (Matrix.rowView does). When a block comes back does not affect any result: a block's contents
 * are zeroed on reuse, and kernels never depend on addresses.
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

const alignUp = (x: number, size: number) => Math.ceil(x / size) * size;

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
  /** First byte of the region never handed out (free blocks that reach it merge back into it). */
  private top: number;
  /** End of the memory ever handed out or reserved: a block from the top above it is still all zeros. */
  private dirtyEnd: number;
  /** Free blocks by size class: free[k] holds the offsets of free blocks of 2^k bytes (a Set, so a buddy is found and taken out at once). */
  private readonly free: Set<number>[] = [];
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
    this.dirtyEnd = PAGE;
    // The held value packs (offset, class): offsets are multiples of 64, classes < 64.
    this.registry = new FinalizationRegistry((held: number) => this.release(Math.floor(held / 64) * 64, held % 64));
    // (held packs offset and class; release checks the block is still the one registered, see below)
  }

  /** Reserves `size` bytes for good (a kernel module's scratch), zeroed; returns the offset. */
  reserve(size: number): number {
    const offset = this.take(Math.ceil(size / 64) * 64);
    // Zeroed like an array: freed blocks may have brought the top down over memory that was written (a
    // helper thread's control block must start at zero).
    if (offset < this.dirtyEnd) new Uint8Array(this.memory.buffer, offset, Math.min(this.top, this.dirtyEnd) - offset).fill(0);
    this.dirtyEnd = Math.max(this.dirtyEnd, this.top);
    return offset;
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
      const reused = this.fromFree(cls);
      if (reused !== undefined) {
        this.used += 2 ** cls;
        return { offset: reused, cls, fresh: false };
      }
      const aligned = alignUp(this.top, 2 ** cls);
      if (aligned + 2 ** cls <= this.bytes) {
        this.freeRange(this.top, aligned);
        this.top = aligned;
        this.used += 2 ** cls;
        const offset = this.take(2 ** cls), fresh = offset >= this.dirtyEnd;
        this.dirtyEnd = Math.max(this.dirtyEnd, this.top);
        return { offset, cls, fresh };
      }
      if (attempt > 0 || this.reclaim() === 0) throw this.full(2 ** cls);
    }
  }

  /** A free block of class cls: one of that size, or the first half of the smallest larger one, split down. */
  private fromFree(cls: number): number | undefined {
    let k = cls;
    while (k < this.free.length && !this.free[k]?.size) k++;
    if (k >= this.free.length) return undefined;
    const set = this.free[k];
    const offset: number = set.values().next().value!;
    set.delete(offset);
    // Splitting: the upper halves go back as free blocks of each smaller class.
    while (k > cls) {
      k--;
      this.addFree(offset + 2 ** k, k);
    }
    return offset;
  }

  /** Frees [from, to) (both multiples of 64) as the largest aligned blocks that tile it. */
  private freeRange(from: number, to: number): void {
    while (from < to) {
      let k = MIN_CLASS;
      while (from % 2 ** (k + 1) === 0 && from + 2 ** (k + 1) <= to) k++;
      this.addFree(from, k);
      from += 2 ** k;
    }
  }

  /**
   * Returns a block to the free lists, merged with its buddy as far as the buddies are free; a block that ends
   * at the top goes back into the never-used region instead, with every free block below it that ends there in
   * turn (a large request aligns itself above the top, so the region must be as low as it can be).
   */
  private addFree(offset: number, cls: number): void {
    for (;;) {
      // ^ works on signed 32-bit integers: >>> 0 reads the result unsigned, as offsets above 2 GiB must be.
      const buddy = (offset ^ 2 ** cls) >>> 0;
      if (!this.free[cls]?.delete(buddy)) break;
      offset = Math.min(offset, buddy);
      cls++;
    }
    if (offset + 2 ** cls !== this.top) {
      (this.free[cls] ??= new Set()).add(offset);
      return;
    }
    this.top = offset;
    for (let k = MIN_CLASS; k < this.free.length; k++) {
      const below = this.top - 2 ** k;
      if (this.free[k]?.delete(below)) {
        this.top = below;
        k = MIN_CLASS - 1; // look again from the smallest class below the new top
      }
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
    this.addFree(offset, cls);
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

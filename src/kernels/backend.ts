import { Heap, setCollector } from './heap.js';
import { KernelTeam } from './kernel-team.js';
import { runtimeCollector } from './runtime-collector.js';
import type { WasmKernels } from './wasm-kernels.js';
import { type WasmInstance, type WasmModule, webAssembly } from './webassembly-api.js';
import { KERNELS_WASM_BASE64, KERNELS_WASM_SHA256, KERNELS_WASM_SHARED_BASE64, KERNELS_WASM_SHARED_SHA256 } from './wasm/module-bytes.js';

/**
 * Which kernels run: the WebAssembly SIMD module (default) or the JavaScript reference kernels, chosen once
 * per thread by PLASTICITY_KERNELS=wasm|js. Both give the same bits wherever a kernel's summation order is
 * the same (the tests compare every pair), but a results folder records which ran, and `reproduce` refuses
 * to compare across paths. An engine without WebAssembly SIMD runs the JavaScript kernels unless
 * PLASTICITY_KERNELS=wasm insists.
 */
export type KernelPath = 'wasm' | 'js';
export type { WasmKernels } from './wasm-kernels.js';

/**
 * A kernel setting this process cannot run with (a bad PLASTICITY_* value, a module that does not load): it
 * can surface while modules are still being imported, so the CLI entry catches it by name and prints only
 * the message (exit 2).
 */
export class KernelSettingError extends Error {
  override name = 'KernelSettingError';
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

interface Chosen {
  path: KernelPath;
  heap: Heap | null;
  /** What the kernels' callers use: the module's exports, split over two threads while a team runs. */
  kernels: WasmKernels | null;
  /** The module's own exports and the compiled module (a helper thread instantiates it too). */
  raw: WasmKernels | null;
  module: WasmModule | null;
  team: KernelTeam | null;
}
let chosen: Chosen | null = null;

/**
 * Whether this engine can share the heap with another thread: Node and Deno can; a web page only when it is
 * cross-origin isolated (otherwise it has no SharedArrayBuffer, and loads the module variant with unshared memory).
 */
function canShareMemory(): boolean {
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  return typeof g.SharedArrayBuffer === 'function' && g.crossOriginIsolated !== false;
}

const JS_PATH = { path: 'js', heap: null, kernels: null, raw: null, module: null, team: null } as const satisfies Chosen;

function choose(): Chosen {
  const wanted = env('PLASTICITY_KERNELS');
  if (wanted !== undefined && wanted !== 'wasm' && wanted !== 'js') throw new KernelSettingError(`PLASTICITY_KERNELS: expected "wasm" or "js", got ${JSON.stringify(wanted)}`);
  threadsFromEnvironment(); // a bad PLASTICITY_THREADS is named even on the JavaScript path
  if (wanted === 'js') return { ...JS_PATH };
  if (!webAssembly || !webAssembly.validate(SIMD_PROBE)) {
    const why = 'this JavaScript engine has no WebAssembly SIMD, which the kernels in src/kernels/wasm/module-bytes.ts need';
    if (wanted === 'wasm') throw new KernelSettingError(`PLASTICITY_KERNELS=wasm: ${why}; set PLASTICITY_KERNELS=js to run on the JavaScript kernels`);
    // Chosen by default, not asked for: say so once and run on the JavaScript kernels.
    console.warn(`plasticity: ${why}; running on the JavaScript kernels (PLASTICITY_KERNELS=js)`);
    return { ...JS_PATH };
  }
  const mb = Number(env('PLASTICITY_HEAP_MB') ?? 4095);
  if (!(mb >= 16)) throw new KernelSettingError(`PLASTICITY_HEAP_MB: expected a number of megabytes >= 16, got ${env('PLASTICITY_HEAP_MB')}`);
  const shared = canShareMemory();
  const heap = new Heap(mb * 2 ** 20, { shared });
  setCollector(runtimeCollector());
  let instance: WasmInstance;
  let module: WasmModule;
  try {
    module = new webAssembly!.Module(decode(shared ? KERNELS_WASM_SHARED_BASE64 : KERNELS_WASM_BASE64));
    instance = new webAssembly!.Instance(module, { env: { memory: heap.memory } });
  } catch (e) {
    const sha = shared ? KERNELS_WASM_SHARED_SHA256 : KERNELS_WASM_SHA256;
    throw new KernelSettingError(`the WebAssembly kernels (src/kernels/wasm/module-bytes.ts, ${shared ? 'shared-memory variant, ' : ''}sha256 ${sha.slice(0, 12)}) failed to load: ${(e as Error).message}; set PLASTICITY_KERNELS=js to run on the JavaScript kernels`);
  }
  const raw = instance.exports as unknown as WasmKernels;
  raw.setScratch(heap.reserve(raw.scratchBytes()));
  return { path: 'wasm', heap, kernels: raw, raw, module, team: null };
}

function active(): Chosen {
  if (chosen) return chosen;
  chosen = choose();
  const threads = threadsFromEnvironment();
  if (threads !== undefined) useThreads(threads);
  return chosen;
}

/** PLASTICITY_THREADS (1 or 2), or undefined when it is not set. */
function threadsFromEnvironment(): 1 | 2 | undefined {
  const value = env('PLASTICITY_THREADS');
  if (value === undefined || value === '') return undefined;
  if (value !== '1' && value !== '2') throw new KernelSettingError(`PLASTICITY_THREADS: expected 1 or 2 (threads for one run's kernels), got ${JSON.stringify(value)}`);
  return Number(value) as 1 | 2;
}

/** How this thread's kernel calls run: threads asked for, whether the helper is up, calls it has taken part in. */
export function kernelThreads(): { threads: 1 | 2; helperReady: boolean; splitCalls: number } {
  const c = active();
  return { threads: c.kernels !== c.raw ? 2 : 1, helperReady: c.team?.ready ?? false, splitCalls: c.team?.splitCalls ?? 0 };
}

/** The helper thread's team on this thread's heap, once useThreads(2) has started it (tests reach its hooks through this). */
export function kernelTeam(): KernelTeam | null {
  return active().team;
}

/**
 * Runs this thread's large kernel calls on two threads (2) or one (1). Same bits either way. Without effect on
 * the JavaScript path and where memory cannot be shared; PLASTICITY_THREADS, when set, overrides the caller
 * (the runner asks for 2 when it runs one run at a time). Returns the number of threads now in use.
 */
export function useThreads(threads: 1 | 2): 1 | 2 {
  const c = active();
  const forced = threadsFromEnvironment();
  const want = forced ?? threads;
  if (!c.raw || !c.heap || !c.module) return 1;
  if (want === 2) {
    // One helper per thread for good: going back to one thread leaves it asleep, ready for the next request.
    c.team ??= KernelTeam.start(c.heap, c.module, c.raw.scratchBytes());
    c.kernels = c.team ? c.team.splitting(c.raw) : c.raw;
  } else c.kernels = c.raw;
  return c.kernels === c.raw ? 1 : 2;
}

/** The WebAssembly kernels and their heap, or null on the JavaScript path. */
export function wasm(): { heap: Heap; kernels: WasmKernels } | null {
  const c = active();
  if (!c.kernels) return null;
  // One object per choice of kernels, not per call: every kernel call asks, and a step allocates nothing.
  if (handle?.kernels !== c.kernels) handle = { heap: c.heap!, kernels: c.kernels };
  return handle;
}
let handle: { heap: Heap; kernels: WasmKernels } | null = null;

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

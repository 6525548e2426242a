/**
 * The part of the WebAssembly JavaScript API the kernels use, typed here: the project compiles against lib
 * ES2022 and Node's types, neither of which declares it (it belongs to the DOM and WebWorker libs), while
 * every engine the project runs on — Node, Deno, browsers — provides it.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
export interface WasmModule {
  readonly __module: true;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports?: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

/** The engine's WebAssembly object, or null where there is none. */
export const webAssembly: WebAssemblyApi | null = ((globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly ?? null);

/**
 * The runtime's garbage collector, for the kernel heap to call when it is full (see src/kernels/heap.ts: the
 * engine does not see that memory as pressure, so dropped arrays can linger until then). Node offers one only
 * behind --expose-gc; the flag can be set at run time, and a new context then has `gc`. The heap installs it
 * when it is made, so that a script training several networks one after another (not only the runners) gets
 * its memory back. node:v8 and node:vm are reached through process.getBuiltinModule, without a static import
 * that a browser bundle would trip on. Where the runtime has neither (a browser, a locked-down Node), null:
 * the heap goes without, and a full heap reports itself at once.
 */
interface V8 {
  setFlagsFromString(flags: string): void;
}
interface Vm {
  runInNewContext(code: string): unknown;
}

export function runtimeCollector(): (() => void) | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  if (!proc?.getBuiltinModule) return null;
  try {
    (proc.getBuiltinModule('node:v8') as V8).setFlagsFromString('--expose-gc');
    const gc = (proc.getBuiltinModule('node:vm') as Vm).runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

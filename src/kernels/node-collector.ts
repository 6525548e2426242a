import v8 from 'node:v8';
import vm from 'node:vm';
import { setCollector } from './heap.js';

/**
 * Gives the kernel heap a garbage collector to call when it is full (see src/kernels/heap.ts: the engine
 * does not see that memory as pressure, so dropped arrays can linger until then). Node offers one only
 * behind --expose-gc; the flag can be set at run time, and a new context then has `gc`. Imported by the
 * runners and the worker threads, the places where many runs share one thread. Where the runtime refuses
 * (another engine, a locked-down Node), the heap simply goes without.
 */
try {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as unknown;
  if (typeof gc === 'function') setCollector(gc as () => void);
} catch {
  // No collector: a full heap reports itself at once.
}

// The helper thread of src/kernels/kernel-team.ts: its own instance of the kernels module on the same shared
// memory, running the part of a kernel call that the main thread posts into the control block, then waiting for
// the next. Plain JavaScript (no TypeScript loader to register), so that it is ready within milliseconds.
import { workerData } from 'node:worker_threads';

const { module, memory, scratch, control, names, spinMs } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
exports.setScratch(scratch);
const fns = names.map((name) => exports[name]);
// The layout is kernel-team.ts's: posted, done, op, ready, (unused), failed; the arguments from byte 64.
// The thread is unref'd and sleeps between calls, so it ends with the process.
const ctl = new Int32Array(memory.buffer, control, 16);
const args = new Float64Array(memory.buffer, control + 64, 16);
// Read the generation before saying ready: the first call may be posted the moment after.
let seen = Atomics.load(ctl, 0);
Atomics.store(ctl, 3, 1);
Atomics.notify(ctl, 3);

for (;;) {
  // Spin a little before sleeping: a futex wake-up costs ~50 µs here, as long as a small product, and the
  // next call of a training step usually comes within microseconds.
  const until = performance.now() + spinMs;
  while (Atomics.load(ctl, 0) === seen && performance.now() < until);
  // A wake-up is not a call: the main thread notifies after it posts, and when it is descheduled between the
  // two, this thread may already have seen the post, run the call and gone to sleep — the late notify then
  // wakes it with nothing new. Running on would repeat that call (a second Adam step on half the weights, seen
  // on a loaded machine as a different hash now and then). Only a new generation is a call.
  while (Atomics.load(ctl, 0) === seen) Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  try {
    fns[ctl[2]](args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11], args[12]);
  } catch (e) {
    // The main thread raises it (a part may have written some of its output: nothing is retried).
    console.error(`plasticity: the kernel helper thread failed in ${names[ctl[2]]}: ${e && e.message}`);
    Atomics.store(ctl, 5, 1);
  }
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}

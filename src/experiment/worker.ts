/**
 * Worker-thread side of `--workers N`: plans the same runs from the same spec, executes the ones it is
 * sent one at a time, and posts each finished record (and epoch progress) back to the main thread.
 * Every run draws only from streams derived from its own seed, so a run gives the same bits in any
 * thread; the main thread alone writes the results files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { builtinRules } from '../../rules/index.js';
import { planRuns } from './plan.js';
import { executeRun } from './runner.js';
import type { Progress } from './progress.js';
import type { ExperimentSpec } from './spec.js';

const { spec } = workerData as { spec: ExperimentSpec };
const plan = planRuns(spec, builtinRules);

parentPort!.on('message', async (msg: { id: string; weightsDir?: string } | 'stop') => {
  if (msg === 'stop') {
    parentPort!.close();
    return;
  }
  const run = plan.find((r) => r.id === msg.id)!;
  // Only epoch lines cross back to the main thread, which prints them.
  const progress: Progress = {
    parallelEpoch() {},
    parallelFinished() {},
    runStarted() {},
    batch() {},
    epoch(epoch: number, text: string) {
      parentPort!.postMessage({ kind: 'epoch', id: msg.id, epoch, text });
    },
    runFinished() {},
    note(text: string) {
      parentPort!.postMessage({ kind: 'note', id: msg.id, epoch: -1, text });
    },
  };
  const record = await executeRun(run, spec.name, progress, msg.weightsDir);
  parentPort!.postMessage({ kind: 'done', record });
});

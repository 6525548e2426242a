/**
 * Worker-thread side of the runners (pool.ts): plans the same runs from the same settings, executes the
 * ones it is sent one at a time, and posts each finished record (and progress lines) back to the main
 * thread, which alone writes the results files. A spec's rules and tasks that are not built in come from
 * the module named in the setup (see portable.ts); a simulation experiment is that module's default export.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { builtinRules } from '../../rules/index.js';
import { useThreads } from '../kernels/backend.js';
import { builtinTasks } from '../tasks/registry.js';
import { planRuns } from './plan.js';
import type { WorkerMessage, WorkerSetup } from './pool.js';
import { registriesOf, workerRegistries } from './portable.js';
import type { Progress } from './progress.js';
import { executeRun } from './runner.js';
import { executeSimulation, planSimulations, type SimulationExperiment } from './simulation.js';

const setup = workerData as WorkerSetup;
if (setup.kind === 'training') useThreads(setup.kernelThreads);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

async function importModule(path: string): Promise<Record<string, unknown>> {
  return (await import(/^file:/.test(path) ? path : pathToFileURL(path).href)) as Record<string, unknown>;
}

type Job = (msg: { id: string; weightsDir?: string }) => Promise<void>;

async function prepare(): Promise<Job> {
  if (setup.kind === 'simulation') {
    const mod = await importModule(setup.module);
    const e = (mod.default ?? mod.experiment) as SimulationExperiment | undefined;
    if (!e || e.kind !== 'simulation' || typeof e.simulate !== 'function') throw new Error(`worker threads: ${setup.module} does not export a simulation experiment (defineSimulation) as its default`);
    const plan = new Map(planSimulations(setup.settings).map((r) => [r.id, r]));
    return async ({ id }) => {
      const { record, figures } = await executeSimulation(e, plan.get(id)!, (text) => post({ kind: 'note', id, epoch: -1, text }));
      post({ kind: 'done', id, record, figures });
    };
  }
  const { portable } = setup;
  const found = setup.module ? registriesOf(await importModule(setup.module)) : { rules: {}, tasks: {} };
  const { rules, tasks } = workerRegistries(portable, { rules: builtinRules, tasks: builtinTasks }, found, setup.module);
  const plan = new Map(planRuns(portable.spec, rules).map((r) => [r.id, r]));
  return async ({ id, weightsDir }) => {
    // Progress crosses back to the main thread, which prints it: batches at most four times a second.
    let lastBatch = 0;
    const progress: Progress = {
      parallelEpoch() {},
      parallelFinished() {},
      runStarted() {},
      batch(epoch, batch, batches) {
        const now = Date.now();
        if (now - lastBatch < 250) return;
        lastBatch = now;
        post({ kind: 'batch', id, epoch, batch, batches });
      },
      epoch: (epoch, text) => post({ kind: 'epoch', id, epoch, text }),
      runFinished() {},
      note: (text) => post({ kind: 'note', id, epoch: -1, text }),
    };
    const record = await executeRun(plan.get(id)!, portable.spec.name, progress, weightsDir, tasks);
    post({ kind: 'done', id, record });
  };
}

const ready = prepare();
ready.catch((e: Error) => {
  post({ kind: 'fatal', message: e.message });
  parentPort!.close();
});

parentPort!.on('message', async (msg: { id: string; weightsDir?: string } | 'stop') => {
  if (msg === 'stop') {
    parentPort!.close();
    return;
  }
  let job: Job;
  try {
    job = await ready;
  } catch {
    return; // reported once, above
  }
  await job(msg);
});

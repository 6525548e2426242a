import { Worker } from 'node:worker_threads';
import type { PlannedRun } from './plan.js';
import type { RunRecord } from './records.js';
import type { ExperimentSpec } from './spec.js';

/** True when the spec can cross into a worker thread: every rule given by its registered name. */
export function specIsPortable(spec: ExperimentSpec): boolean {
  return spec.rules.every((r) => typeof r === 'string' || typeof r.rule === 'string');
}

/**
 * Runs planned runs on `workers` threads, one run per thread at a time, handing out runs in plan
 * order; `onRecord` receives each record as it finishes (in completion order), `onEpoch` each epoch line
 * (epoch −1: a note from inside the run).
 */
export async function runOnWorkers(
  spec: ExperimentSpec,
  runs: PlannedRun[],
  workers: number,
  onRecord: (r: RunRecord) => void,
  onEpoch: (id: string, epoch: number, text: string) => void,
  weightsDir?: string,
): Promise<void> {
  const queue = runs.slice();
  const url = new URL('./worker-entry.js', import.meta.url);
  const threads = Array.from({ length: Math.min(workers, runs.length) }, () => new Worker(url, { workerData: { spec: JSON.parse(JSON.stringify(spec)) } }));
  await Promise.all(
    threads.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          const next = () => {
            const run = queue.shift();
            if (run) w.postMessage({ id: run.id, weightsDir });
            else w.postMessage('stop');
          };
          w.on('message', (m: { kind: 'done'; record: RunRecord } | { kind: 'epoch' | 'note'; id: string; epoch: number; text: string }) => {
            if (m.kind === 'epoch') onEpoch(m.id, m.epoch, m.text);
            else if (m.kind === 'note') onEpoch(m.id, -1, m.text);
            else if (m.kind === 'done') {
              onRecord(m.record);
              next();
            }
          });
          w.on('error', reject);
          w.on('exit', () => resolve());
          next();
        }),
    ),
  );
}

import { Worker } from 'node:worker_threads';
import type { Figure } from '../plot/figure.js';
import type { PortableSpec } from './portable.js';
import type { AnyRecord } from './records.js';
import type { SimulationSettings } from './simulation.js';

/** What every worker thread is told once, at its start (see worker.ts). */
export type WorkerSetup =
  | {
      kind: 'training';
      portable: PortableSpec;
      module?: string;
      /** Threads for each run's large kernel calls (2 when the sweep runs one run at a time; see src/kernels/kernel-team.ts). */
      kernelThreads: 1 | 2;
    }
  | { kind: 'simulation'; settings: SimulationSettings; module: string };

/** What a worker posts back. */
export type WorkerMessage =
  | { kind: 'done'; id: string; record: AnyRecord; figures?: Figure[] }
  | { kind: 'epoch' | 'note'; id: string; epoch: number; text: string }
  | { kind: 'batch'; id: string; epoch: number; batch: number; batches: number }
  | { kind: 'fatal'; message: string };

/** The sweep was stopped (Ctrl-C, SIGTERM, or the caller's signal); what was recorded stays recorded. */
export class InterruptedError extends Error {
  /** Filled in by the runner: how many of its runs are recorded, and where. */
  recorded?: number;
  total?: number;
  outDir?: string;

  constructor(readonly reason: string) {
    super(`interrupted (${reason})`);
  }
}

export interface PoolOptions {
  setup: WorkerSetup;
  /** Run ids in the order they are handed out. */
  ids: readonly string[];
  workers: number;
  /** Per run, sent with its id (e.g. the weights folder). */
  extra?: Record<string, unknown>;
  /** A run was handed to a thread. */
  onStart?(id: string): void;
  onDone(m: Extract<WorkerMessage, { kind: 'done' }>): void;
  /** An epoch line (epoch ≥ 1) or a note from inside the run (epoch −1). */
  onProgress(id: string, epoch: number, text: string): void;
  /** Batch progress, at most a few times a second per thread. */
  onBatch?(id: string, epoch: number, batch: number, batches: number): void;
  /** Aborting terminates every thread at once (a run in progress is lost and runs again on resume). */
  signal?: AbortSignal;
}

/**
 * Runs the given runs on `workers` threads, one run per thread at a time, handing them out in order; each
 * record reaches `onDone` as it finishes (in completion order), and only this thread writes files. Every run
 * draws only from streams derived from its own seed, so a run gives the same bits in any thread.
 */
export async function runOnWorkers(o: PoolOptions): Promise<void> {
  const queue = o.ids.slice();
  const url = new URL('./worker-entry.js', import.meta.url);
  const threads = Array.from({ length: Math.min(o.workers, queue.length) }, () => new Worker(url, { workerData: o.setup }));
  let stopped: Error | null = null;
  const stopAll = (why: Error) => {
    if (stopped) return;
    stopped = why;
    for (const t of threads) void t.terminate();
  };
  const onAbort = () => stopAll(new InterruptedError(String(o.signal?.reason ?? 'aborted')));
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve) => {
            let current: string | null = null;
            const next = () => {
              current = stopped ? null : (queue.shift() ?? null);
              if (current) {
                o.onStart?.(current);
                w.postMessage({ id: current, ...o.extra });
              } else w.postMessage('stop');
            };
            w.on('message', (m: WorkerMessage) => {
              if (m.kind === 'fatal') stopAll(new Error(m.message));
              else if (m.kind === 'done') {
                current = null;
                if (!stopped) o.onDone(m);
                next();
              } else if (stopped) return;
              else if (m.kind === 'batch') o.onBatch?.(m.id, m.epoch, m.batch, m.batches);
              else o.onProgress(m.id, m.kind === 'note' ? -1 : m.epoch, m.text);
            });
            w.on('error', (e) => stopAll(e instanceof Error ? e : new Error(String(e))));
            w.on('exit', (code) => {
              if (current && !stopped) stopAll(new Error(`the worker thread running "${current}" stopped unexpectedly (exit code ${code})`));
              resolve();
            });
            next();
          }),
      ),
    );
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
  if (stopped) throw stopped;
}

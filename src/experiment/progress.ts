/**
 * Progress on stderr: on a terminal one line per run that redraws itself with the epoch, batch and an
 * ETA for the whole sweep; elsewhere (CI, log files) plain lines at most every few seconds and one per epoch.
 */
export interface Progress {
  runStarted(index: number, total: number, id: string, epochs: number): void;
  batch(epoch: number, batch: number, batches: number): void;
  epoch(epoch: number, text: string): void;
  runFinished(text: string): void;
  /** A progress line from inside a run (e.g. a feature rule's learning phase); `id` names the run when runs proceed in parallel. */
  note(text: string, id?: string): void;
  /** Runs proceeding in parallel (worker threads): an epoch of a named run. */
  parallelEpoch(id: string, epoch: number, epochs: number, text: string): void;
  /** Runs proceeding in parallel: a named run finished; `done` of `total` runs are finished. */
  parallelFinished(id: string, done: number, total: number, text: string): void;
}

function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const out = opts.stream ?? process.stderr;
  const tty = Boolean(out.isTTY);
  const sweepStart = Date.now();
  let runIndex = 0, runTotal = 1, runId = '', runEpochs = 1, lastPlain = 0, lastDraw = 0;
  let done = 0; // fraction of the sweep finished, for the ETA
  const write = (s: string) => { if (!opts.quiet) out.write(s); };
  const eta = () => {
    const elapsed = (Date.now() - sweepStart) / 1000;
    return done > 0 ? formatDuration((elapsed / done) * (1 - done)) : '?';
  };
  return {
    runStarted(index, total, id, epochs) {
      runIndex = index; runTotal = total; runId = id; runEpochs = Math.max(epochs, 1);
      done = index / total;
      write(`${tty ? '\r\x1b[K' : ''}[${index + 1}/${total}] ${id}: started\n`);
    },
    batch(epoch, batch, batches) {
      const now = Date.now();
      done = (runIndex + (epoch - 1 + (batch + 1) / batches) / runEpochs) / runTotal;
      if (tty) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        const width = 24, filled = Math.round((width * (batch + 1)) / batches);
        write(`\r\x1b[K[${runIndex + 1}/${runTotal}] ${runId} epoch ${epoch}/${runEpochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] sweep ${(100 * done).toFixed(0)}% ETA ${eta()}`);
      } else if (now - lastPlain > 10000) {
        lastPlain = now;
        write(`[${runIndex + 1}/${runTotal}] ${runId} epoch ${epoch}/${runEpochs} batch ${batch + 1}/${batches}, sweep ${(100 * done).toFixed(0)}%, ETA ${eta()}\n`);
      }
    },
    epoch(epoch, text) {
      // Every epoch of a short run; about 20 lines for a long one (plus the last epoch).
      const every = Math.max(1, Math.ceil(runEpochs / 20));
      if (epoch % every !== 0 && epoch !== runEpochs) return;
      lastPlain = Date.now();
      write(`${tty ? '\r\x1b[K' : ''}[${runIndex + 1}/${runTotal}] ${runId} epoch ${epoch}/${runEpochs}: ${text} (ETA ${eta()})\n`);
    },
    note(text, id) {
      lastPlain = Date.now();
      write(`${tty ? '\r\x1b[K' : ''}${id ?? `[${runIndex + 1}/${runTotal}] ${runId}`}: ${text}\n`);
    },
    runFinished(text) {
      write(`${tty ? '\r\x1b[K' : ''}[${runIndex + 1}/${runTotal}] ${runId}: ${text}\n`);
    },
    parallelEpoch(id, epoch, epochs, text) {
      const every = Math.max(1, Math.ceil(epochs / 20));
      if (epoch % every !== 0 && epoch !== epochs) return;
      write(`${id} epoch ${epoch}/${epochs}: ${text}\n`);
    },
    parallelFinished(id, doneRuns, total, text) {
      done = doneRuns / total;
      write(`[${doneRuns}/${total} done] ${id}: ${text} (ETA ${eta()})\n`);
    },
  };
}

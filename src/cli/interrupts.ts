/**
 * Turns the ways a run is told to stop into one AbortSignal: Ctrl-C (SIGINT), SIGTERM and SIGHUP, and the
 * death of the parent process. The last matters because a scheduler (or `npx`, which does not pass SIGTERM
 * on) may signal only the process it started: without a check, this process would be re-parented and keep
 * training and writing as an orphan. A second signal exits at once.
 *
 * The runs themselves execute in worker threads (the CLI always asks for them), so this thread's event loop
 * stays free to hear the signal, and aborting terminates the threads at once.
 */
const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** The exit code for a run stopped for `reason` (a signal name, or the parent's exit: as SIGTERM). */
export function interruptExitCode(reason: string): number {
  return EXIT_CODES[reason] ?? 143;
}

export function watchForInterrupts(pollMs = 500): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const parent = process.ppid;
  const handlers = Object.keys(EXIT_CODES).map((sig) => {
    const handler = () => {
      if (controller.signal.aborted) process.exit(EXIT_CODES[sig]);
      controller.abort(sig);
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  const timer = setInterval(() => {
    if (process.ppid !== parent && !controller.signal.aborted) controller.abort(`parent process ${parent} exited`);
  }, pollMs);
  timer.unref();
  return {
    signal: controller.signal,
    stop() {
      clearInterval(timer);
      for (const [sig, h] of handlers) process.removeListener(sig, h);
    },
  };
}

// The life of a benchmark process: its log lines, its time limit, and its exit.

/** Writes "[name HH:MM:SS] message" lines to stderr (stdout carries the results). */
export function benchLog(name: string): (message: string) => void {
  return (message) => process.stderr.write(`[${name} ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export interface RunControl {
  log(message: string): void;
  /** closes everything the run opened; called more than once, it must do nothing the second time */
  closeAll(): Promise<void>;
}

/**
 * Ends the process, after closing everything, when the run takes longer than `deadlineMs`
 * (exit code 2) or on SIGINT/SIGTERM (130). Returns a function that lifts the time limit.
 */
export function limitRun(deadlineMs: number, { log, closeAll }: RunControl): () => void {
  const deadline = setTimeout(() => {
    log(`run exceeded its ${deadlineMs / 1000} s limit: closing everything and exiting`);
    void closeAll().finally(() => process.exit(2));
  }, deadlineMs);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log(`${sig}: closing everything`);
      void closeAll().finally(() => process.exit(130));
    });
  }
  return () => clearTimeout(deadline);
}

/** Runs `main`, closes everything, and exits with its code (1 when it throws). */
export function runToExit(main: () => Promise<number>, { log, closeAll }: RunControl): void {
  main()
    .then(async (code) => {
      await closeAll();
      process.exitCode = code;
      // everything is closed by now; if a handle lingers, say so instead of hanging
      setTimeout(() => {
        log('some handle is still open after the run; exiting anyway');
        process.exit(code);
      }, 5000).unref();
    })
    .catch(async (err: unknown) => {
      log(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      await closeAll();
      process.exit(1);
    });
}

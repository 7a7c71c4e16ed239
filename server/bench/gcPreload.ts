// Loaded into each server under test (node --expose-gc --import): on SIGUSR2 it runs a full
// garbage collection, so memory readings compare live memory rather than GC timing.
// Nothing else in the server changes.
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
});

// Profiling (BENCH_NODE_ARGS="--cpu-prof ..."): V8 writes the profile only on a normal exit, and
// the reference server has no SIGTERM handler of its own, so it would be killed without one.
if (process.execArgv.some((arg) => arg.startsWith('--cpu-prof'))) {
  process.once('SIGTERM', () => {
    // Ours has its own handler (flush, then exit): only step in when nobody else listens.
    if (process.listenerCount('SIGTERM') === 0) process.exit(0);
  });
}

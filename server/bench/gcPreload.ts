// Loaded into each server under test (node --expose-gc --import): on SIGUSR2 it runs a full
// garbage collection, so memory readings compare live memory rather than GC timing.
// Nothing else in the server changes.
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
});

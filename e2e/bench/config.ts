// Sizes and durations for --quick and full runs of the client benchmark.

export interface ClientBenchConfig {
  mode: 'quick' | 'full';
  /** elements on the benchmark board (the target is about 10,000) */
  elements: number;
  /** fresh browser contexts opened one after another, each timed to its first render */
  coldLoads: number;
  /** one reload of the last context (warm HTTP cache, board copy in IndexedDB) */
  warmReload: boolean;
  /** how long each frame-time scenario drives input */
  scenarioMs: number;
  /** the idle baseline (no input), to see the machine's own noise */
  idleMs: number;
  /** a load is rendered once the mounted elements stayed unchanged this long */
  stableMs: number;
  /** before the scenarios: wait for a quiet main thread (no long frame for this long), at most settleMaxMs */
  quietMs: number;
  settleMaxMs: number;
  /** the whole run is aborted after this */
  deadlineMs: number;
}

export const QUICK: ClientBenchConfig = {
  mode: 'quick',
  elements: 10_000,
  coldLoads: 1,
  warmReload: false,
  scenarioMs: 2_000,
  idleMs: 1_000,
  stableMs: 1_000,
  quietMs: 1_000,
  settleMaxMs: 6_000,
  deadlineMs: 120_000,
};

export const FULL: ClientBenchConfig = {
  mode: 'full',
  elements: 10_000,
  coldLoads: 5,
  warmReload: true,
  scenarioMs: 5_000,
  idleMs: 2_000,
  stableMs: 1_000,
  quietMs: 1_000,
  settleMaxMs: 10_000,
  deadlineMs: 300_000,
};

/** What the issue asks for (issue 3, "Benchmark"). */
export const TARGETS = {
  firstRenderMs: 1000,
  panP95Ms: 16.7,
} as const;

/** One frame of a 60 Hz display. */
export const FRAME_BUDGET_MS = 1000 / 60;

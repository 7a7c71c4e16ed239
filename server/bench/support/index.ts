// Support shared by the server benchmark (server/bench) and the client benchmark
// (e2e/bench, as @idea-board/server/bench-support). See README.md.
export { freePort } from './freePort.js';
export { median, percentile } from './percentiles.js';
export { machineBusyMs, machineLoadPercent, readProcStats, treeCpuMs, type ProcStats } from './procStats.js';
export { mulberry32 } from './random.js';
export { describeMachine, fileStamp, loadAverage, writeJson } from './results.js';
export { benchLog, limitRun, runToExit, type RunControl } from './run.js';
export { createRoom, HOST, startServerProcess, type ServerProcess, type ServerProcessOptions } from './serverProcess.js';
export { connectClient, type YClient } from './yClient.js';

// What a benchmark records about the machine, and where it writes its JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** "2 cores (<model>), 8 GiB, Node v20.x" */
export function describeMachine(): string {
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpuModel}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
}

/** The 1, 5 and 15 minute load averages, "0.52 0.61 0.70". */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

/** The time as a file name part: 2026-11-29T03-10-42-140Z. */
export function fileStamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Writes `data` as indented JSON to dir/name (creating dir) and returns the file's path. */
export function writeJson(dir: string, name: string, data: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

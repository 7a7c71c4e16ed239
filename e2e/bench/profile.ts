// --profile: a V8 CPU profile of the page's main thread for the first load and for each
// scenario, written as .cpuprofile (open in Chrome DevTools, Performance panel) and
// summarised as the functions with the most self time. Profiling slows the page down,
// so a profiled run's timings are not comparable with an unprofiled one. For readable
// names, serve an unminified client build: the server gets CLIENT_DIR from the
// environment (see README.md).
import { writeFileSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  fn: string;
  ms: number;
  share: number;
}

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
}

/** Stops the profile, writes it to `file`, and returns the top functions by self time. */
export async function stopProfile(cdp: CDPSession, file: string, top = 12): Promise<SelfTime[]> {
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.send('Profiler.disable');
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) byId.set(node.id, node);
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  // timeDeltas[i] is the time before sample i; attribute it to the sample before
  for (let i = 1; i < samples.length; i++) {
    const node = byId.get(samples[i - 1] ?? -1);
    const us = deltas[i] ?? 0;
    if (!node) continue;
    const f = node.callFrame;
    const where = f.url ? ` ${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  return [...self.entries()]
    .filter(([key]) => key !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, ms: us / 1000, share: total > 0 ? us / total : 0 }));
}

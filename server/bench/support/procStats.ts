// CPU time and memory of processes, and the machine's busy time, read from /proc (Linux).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStats {
  /** resident set size now (VmRSS), bytes */
  rssBytes: number;
  /** peak resident set size since the process started (VmHWM), bytes */
  hwmBytes: number;
  /** user + system CPU time since the process started, milliseconds */
  cpuMs: number;
}

let clockTicks: number | null = null;
function clockTicksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Parent and CPU time (user + system, ms) of a process, from /proc/<pid>/stat. */
function readStat(pid: number): { ppid: number; cpuMs: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name (field 2) may contain spaces and parentheses: split after the last ')'
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3]: ppid = 4, utime = 14, stime = 15
  return { ppid: Number(rest[1]), cpuMs: ((Number(rest[11]) + Number(rest[12])) * 1000) / clockTicksPerSecond() };
}

/** CPU time and memory of a process, from /proc/<pid>/stat and /proc/<pid>/status. */
export function readProcStats(pid: number): ProcStats {
  const { cpuMs } = readStat(pid);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m?.[1]) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Number(m[1]) * 1024;
  };
  return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM'), cpuMs };
}

/** CPU time used so far by these processes and all their descendants, ms. */
export function treeCpuMs(roots: readonly number[]): number {
  const procs = new Map<number, { ppid: number; cpuMs: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      procs.set(Number(name), readStat(Number(name)));
    } catch {
      // exited meanwhile
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) {
    const list = children.get(p.ppid) ?? [];
    list.push(pid);
    children.set(p.ppid, list);
  }
  let total = 0;
  const seen = new Set<number>();
  const stack = roots.filter((pid) => procs.has(pid));
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += procs.get(pid)?.cpuMs ?? 0;
    for (const c of children.get(pid) ?? []) stack.push(c);
  }
  return total;
}

/** CPU time (all cores) the machine spent busy since boot, ms, from the first line of /proc/stat (steal included). */
export function machineBusyMs(): number {
  const first = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const f = first.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const total = f.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return ((total - idle) * 1000) / clockTicksPerSecond();
}

/** CPU the whole machine used over `ms` (steal time included), minus this process, in % of one core. */
export async function machineLoadPercent(ms: number): Promise<number> {
  const b0 = machineBusyMs();
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const self = process.cpuUsage(self0);
  const busy = machineBusyMs() - b0 - (self.user + self.system) / 1000;
  return Math.max(0, (busy / (performance.now() - t0)) * 100);
}

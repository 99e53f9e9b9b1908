import { readFileSync } from 'node:fs';

/** Linux reports CPU times in USER_HZ ticks, 100 per second on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name (which may hold spaces): utime is the 14th
    // field of the line, stime the 15th, i.e. the 12th and 13th after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function sumOver(pids: readonly number[], of: (pid: number) => number | undefined): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const value = of(pid);
    if (value === undefined) return undefined;
    total += value;
  }
  return total;
}

/** Resident set size of the processes together, in bytes; undefined where /proc is unavailable. */
export const rssBytes = (pids: readonly number[]) => sumOver(pids, rssOf);

/** User + system CPU time the processes have used so far, in seconds; undefined without /proc. */
export const cpuSeconds = (pids: readonly number[]) => sumOver(pids, cpuSecondsOf);

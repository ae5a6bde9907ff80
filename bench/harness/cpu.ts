import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by processes, from /proc: what a request costs in CPU does not depend on how busy the
 * machine is nearly as much as its latency does, so it is reported next to every load run.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of one process, in ms; null when it is gone or /proc is not there. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/**
 * A PostgreSQL cluster's CPU in ms: the postmaster, its live children (backends, writers) and what its
 * exited children used (cutime + cstime), so backends that come and go are counted too.
 */
export function clusterCpuMs(postmasterPid: number): number | null {
  let total = 0;
  try {
    const stat = readFileSync(`/proc/${postmasterPid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * TICK_MS;
  } catch {
    return null;
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === postmasterPid) total += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** The postmaster's pid from its lock file (line 1). */
export function postmasterPid(clusterDir: string): number | null {
  try {
    const pid = Number(readFileSync(`${clusterDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

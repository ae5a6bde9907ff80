import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by processes, from /proc: what a request costs in CPU does not depend on how busy the
 * machine is nearly as much as its latency does, so it is reported next to every load run.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * The fields of /proc/<pid>/stat after the command name (which may hold spaces), so index 1 is the parent's
 * pid and 11 to 14 are utime, stime, cutime and cstime; null when the process is gone or /proc is not there.
 */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

const ticksMs = (fields: string[], first: number): number => (Number(fields[first]) + Number(fields[first + 1])) * TICK_MS;

/** utime + stime of one process, in ms; null when it is gone or /proc is not there. */
export function processCpuMs(pid: number): number | null {
  const fields = statFields(pid);
  return fields && ticksMs(fields, 11);
}

/**
 * A PostgreSQL cluster's CPU in ms: the postmaster, its live children (backends, writers) and what its
 * exited children used (cutime + cstime), so backends that come and go are counted too. A child reaped
 * while the children are read has left /proc but may not have been in the postmaster's cutime when that was
 * read (ten pool connections closing at once lost 7.4 s so), so the read is retried until the postmaster's
 * figures are the same before and after it.
 */
export function clusterCpuMs(postmasterPid: number): number | null {
  let before = postmasterTimes(postmasterPid);
  for (let attempt = 0; ; attempt++) {
    if (before === null) return null;
    let children = 0;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const fields = statFields(name); // null: gone meanwhile
      if (fields && Number(fields[1]) === postmasterPid) children += ticksMs(fields, 11);
    }
    const after = postmasterTimes(postmasterPid);
    if (after === null) return null;
    if (after.exitedChildren === before.exitedChildren || attempt === 4) return after.own + after.exitedChildren + children;
    before = after; // the next read is compared with this one, not with a third read of the postmaster
  }
}

function postmasterTimes(pid: number): { own: number; exitedChildren: number } | null {
  const fields = statFields(pid);
  return fields && { own: ticksMs(fields, 11), exitedChildren: ticksMs(fields, 13) };
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

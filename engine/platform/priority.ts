// CPU priority of background work (architecture.md, "The hot path"): on a machine shared with the
// API, the worker and the embedded Temporal server yield the CPU to webhook acks and agents'
// requests. Linux keeps a nice value per thread, and a thread inherits its creator's: every
// thread that exists now is lowered, the ones made later inherit it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** Lowers a process (every thread of it) to `nice`; returns whether it took. Never raises it. */
export function lowerPriority(pid: number, nice: number): boolean {
  if (!(nice > 0)) return false;
  let tasks: number[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    tasks = [pid]; // not Linux: the process as the system defines it
  }
  let lowered = lowerOwnAutogroup(pid, nice);
  for (const tid of tasks) {
    try {
      if (os.getPriority(tid) < nice) os.setPriority(tid, nice);
      lowered = true;
    } catch {
      // a thread that ended meanwhile, or a system that refuses: the work runs, only not yielding
    }
  }
  return lowered;
}

/** Lowers the calling thread alone (Linux: a nice value per thread) to `nice`; never raises it. */
export function lowerThisThread(nice: number): void {
  if (!(nice > 0)) return;
  try {
    if (os.getPriority() < nice) os.setPriority(nice);
  } catch {
    // a system that refuses: the work runs, only not yielding
  }
}

/**
 * A process that leads a session of its own (each PostgreSQL backend calls setsid) is, where the
 * kernel groups tasks by session for the scheduler (autogroup, on by default in Debian and most
 * distributions), a group of its own that shares the CPU equally with the group of every other
 * session: its nice value only orders it against its own threads. The group's own nice is what
 * lowers it against the others.
 */
function lowerOwnAutogroup(pid: number, nice: number): boolean {
  try {
    if (Number(statFields(pid)?.[3]) !== pid) return false; // not the leader of its session
    const current = autogroupNice(pid);
    if (current === undefined) return false;
    if (current < nice) writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return true;
  } catch {
    return false; // no autogroup here, or not ours to lower
  }
}

/** The nice value of a process's scheduling group; undefined where it has none to show: no
 * autogroup in this kernel, or the process is in the system's first session (a container's, often),
 * whose root group the kernel neither shows (the file is empty) nor lets anyone lower. */
export function autogroupNice(pid: number): number | undefined {
  try {
    const nice = /nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'utf8'))?.[1];
    return nice === undefined ? undefined : Number(nice);
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat after the command name (state first, then ppid, pgrp, session…);
 * undefined when the process is gone or this is not Linux. */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name may hold ") "
  } catch {
    return undefined;
  }
}

// CPU priority of background work (architecture.md, "The hot path"): on a machine shared with the
// API, the worker and the embedded Temporal server yield the CPU to webhook acks and agents'
// requests. Linux keeps a nice value per thread, and a thread inherits its creator's: every
// thread that exists now is lowered, the ones made later inherit it.
import { readdirSync } from 'node:fs';
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
  let lowered = false;
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

// The bench runs Switchboard as `npm run api` and `npm run worker` do: each its own process over
// the local stack's servers, so their resident memory is measured apart and the ack path does not
// share an event loop with the worker.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { statFields } from '../platform/priority.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Part {
  readonly kind: 'api' | 'worker';
  readonly child: ChildProcess;
  /** For a worker: its log line with the workflow-task pollers in effect. */
  pollers?: unknown;
  stop(): Promise<void>;
}

export function residentMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The processes of this machine now. */
function processIds(): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number);
}

/** The fields of /proc/<pid>/stat after "comm) ": state ppid … utime(11) stime(12) cutime(13)
 * cstime(14), times in clock ticks of 1/100 s; undefined for a process gone meanwhile. */
export function pidOf(file: string): number | undefined {
  for (const pid of processIds()) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(file)) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** User and system CPU time a process has used so far. */
export function cpuSeconds(pid: number | undefined): number {
  const fields = pid ? statFields(pid) : undefined;
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : NaN;
}

/** CPU seconds of a process and its children, the ones alive and the ones it has reaped (PostgreSQL:
 * the postmaster and its backends). */
export function treeCpuSeconds(root: number | undefined): number {
  const rootFields = root ? statFields(root) : undefined;
  if (!rootFields) return NaN;
  let ticks = rootFields.slice(11, 15).reduce((total, f) => total + Number(f), 0);
  for (const pid of processIds()) {
    const fields = pid !== root ? statFields(pid) : undefined;
    if (fields && Number(fields[1]) === root) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / 100;
}

export async function startPart(kind: 'api' | 'worker', env: Record<string, string>): Promise<Part> {
  // BENCH_PROFILE=folder: each part writes a V8 CPU profile there when it stops (open in Chrome's DevTools)
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', `engine/cli/${kind}.ts`], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const part: Part = {
    kind,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  await new Promise<void>((resolve, reject) => {
    const ready = kind === 'api' ? 'API listening' : 'worker polling';
    const onData = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-8000);
      for (const line of chunk.toString().split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line);
          if (entry.pollers) part.pollers = entry.pollers;
          if (entry.level >= 50) process.stderr.write(`[${kind}] ${line}\n`);
          if (entry.msg === ready) resolve();
        } catch {
          // a line cut by a chunk boundary: the pino lines that matter are short
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (tail = (tail + c.toString()).slice(-8000)));
    child.once('exit', (code) => reject(new Error(`${kind} exited with ${code} before it was ready:\n${tail}`)));
  });
  return part;
}

// Background work yields the CPU: the worker and the embedded Temporal server are lowered, every
// thread of them (Linux keeps a nice value per thread), and never raised back.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { autogroupNice, lowerPriority } from '../../engine/platform/priority.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A process with several threads (node starts its platform threads before it runs a script, so
 * they all exist once it writes); `ownSession`: it leads a session of its own, as each PostgreSQL
 * backend does. */
async function threadedChild(ownSession = false): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("ready"); setInterval(() => {}, 1000)'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    detached: ownSession,
  });
  children.push(child);
  await once(child.stdout!, 'data');
  return child.pid!;
}

const nices = (pid: number) => readdirSync(`/proc/${pid}/task`).map((tid) => os.getPriority(Number(tid)));

describe.runIf(process.platform === 'linux')('background priority', () => {
  it('lowers every thread of a process to the nice value asked', async () => {
    const pid = await threadedChild();
    expect(nices(pid).length).toBeGreaterThan(1);
    expect(lowerPriority(pid, 7)).toBe(true);
    expect(new Set(nices(pid))).toEqual(new Set([7]));
  });

  // Where the kernel groups the tasks of a session for the scheduler (autogroup), a session's group
  // shares the CPU equally with every other: a backend's nice alone would not lower it against the
  // API. A new session gets a group of its own wherever the kernel has autogroup, even when ours is
  // the root group, which the kernel does not show (the first session of a container, often).
  it('lowers a session leader (every thread, and its scheduling group where the kernel has them), not our group', async () => {
    const ours = autogroupNice(process.pid);
    const leader = await threadedChild(true);
    expect(lowerPriority(leader, 7)).toBe(true);
    expect(new Set(nices(leader))).toEqual(new Set([7]));
    expect(autogroupNice(leader)).toBe(existsSync('/proc/self/autogroup') ? 7 : undefined);
    const member = await threadedChild(false);
    lowerPriority(member, 9);
    expect(autogroupNice(process.pid)).toBe(ours);
  });

  it('never raises a process that already runs lower, and does nothing for 0', async () => {
    const pid = await threadedChild();
    lowerPriority(pid, 12);
    expect(lowerPriority(pid, 5)).toBe(true);
    expect(lowerPriority(pid, 0)).toBe(false);
    expect(new Set(nices(pid))).toEqual(new Set([12]));
  });
});

describe('SWITCHBOARD_BACKGROUND_NICE', () => {
  it('defaults to 10, takes 0 (off) to 19, and refuses anything else naming the variable', async () => {
    const { ConfigError, loadConfig } = await import('../../engine/app/config.js');
    expect(loadConfig({}).backgroundNice).toBe(10);
    expect(loadConfig({ SWITCHBOARD_BACKGROUND_NICE: '0' }).backgroundNice).toBe(0);
    expect(loadConfig({ SWITCHBOARD_BACKGROUND_NICE: '19' }).backgroundNice).toBe(19);
    for (const bad of ['-1', '20', 'low', '2.5']) {
      expect(() => loadConfig({ SWITCHBOARD_BACKGROUND_NICE: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ SWITCHBOARD_BACKGROUND_NICE: bad }), bad).toThrow(/^SWITCHBOARD_BACKGROUND_NICE must be a whole number from 0 \(off\) to 19/);
    }
  });
});

// The relay's signals share one semaphore across its batches: never more than the limit at once,
// and waiters go in the order they came (a thread's later batch does not overtake its earlier one).
import { describe, expect, it } from 'vitest';
import { semaphore } from '../../engine/platform/pool.js';

describe('semaphore', () => {
  it('holds at most the limit at once and serves waiters first come, first served', async () => {
    const limited = semaphore(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 6 }, () => {
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      return { gate, open };
    });
    const runs = gates.map(({ gate }, i) =>
      limited(async () => {
        started.push(i);
        active += 1;
        most = Math.max(most, active);
        await gate;
        active -= 1;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    for (const g of [gates[1], gates[0], gates[2], gates[3], gates[4], gates[5]]) {
      g.open();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('frees the slot of a task that fails', async () => {
    const limited = semaphore(1);
    await expect(limited(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limited(async () => 'next')).toBe('next');
  });
});

// The relay's signals give way to this process's agents' actions, within bounds: a team acting
// all the time slows the hand-over, never stops it.
import { describe, expect, it } from 'vitest';
import { AgentWay } from '../../../engine/features/inbound/agent-way.js';

/** The share of the milliseconds in [from, to) in which the way holds, asked every millisecond. */
function heldShare(way: AgentWay, from: number, to: number): number {
  let held = 0;
  for (let t = from; t < to; t++) if (way.holds(t)) held++;
  return held / (to - from);
}

describe('signals giving way to agents', () => {
  it('holds while an action is under way and not once none is', () => {
    const way = new AgentWay({ maxMs: 500, share: 0.5 }, 0);
    expect(way.holds(0)).toBe(false);
    way.actions(1, 10);
    expect(way.holds(100)).toBe(true);
    way.actions(2, 150);
    expect(way.holds(200)).toBe(true);
    way.actions(0, 250);
    expect(way.holds(260)).toBe(false);
  });

  it('stops holding for an action that never ends after maxMs / (1 − share), then holds only its share of the time', () => {
    const way = new AgentWay({ maxMs: 500, share: 0.5 }, 0);
    way.actions(1, 0);
    expect(heldShare(way, 0, 990)).toBe(1); // a full budget spent at half the rate it is earned back
    expect(way.holds(1010)).toBe(false);
    const share = heldShare(way, 1010, 11_010);
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
  });

  it('earns its budget back while no agent acts', () => {
    const way = new AgentWay({ maxMs: 500, share: 0.5 }, 0);
    way.actions(1, 0);
    heldShare(way, 0, 1200); // spent
    way.actions(0, 1200);
    way.actions(1, 2200); // a second of no action: the whole budget again
    expect(heldShare(way, 2200, 3150)).toBe(1);
  });
});

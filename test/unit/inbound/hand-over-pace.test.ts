// The relay's signal rate follows Temporal's queue wait: halved while a probe waits longer than
// the target, raised a step at a time while it does not, within its bounds. Its evaluation on
// receipt gives way to the webhooks: their acks are slow while the p90 of a report is.
import { describe, expect, it } from 'vitest';
import { AckWatch } from '../../../engine/features/inbound/ack-watch.js';
import { HandOverPace } from '../../../engine/features/inbound/hand-over-pace.js';

const options = { maxRate: 400, minRate: 20, targetMs: 100, step: 25, cut: 0.5 };

describe('hand-over pace', () => {
  it('cuts the rate by its share on a slow probe, down to its floor, and climbs back a step per fast one', () => {
    const pace = new HandOverPace(options, 0);
    expect(pace.rate).toBe(400);
    pace.observe(250);
    expect(pace.rate).toBe(200);
    for (let i = 0; i < 10; i++) pace.observe(5000);
    expect(pace.rate).toBe(20);
    pace.observe(30);
    pace.observe(100);
    expect(pace.rate).toBe(70);
    for (let i = 0; i < 100; i++) pace.observe(1);
    expect(pace.rate).toBe(400);
  });

  it('finds the webhooks’ acks slow when the p90 of a report is above the target, and not when a report has none', () => {
    const acks = new AckWatch(50);
    acks.report([5, 8, 12, 9, 30, 7, 6, 11, 10, 400]); // one slow ack in ten: the p90 is quick
    expect(acks.slow).toBe(false);
    acks.report([5, 80, 90, 70]);
    expect(acks.slow).toBe(true);
    acks.report([]);
    expect(acks.slow).toBe(false);
  });

  it('lets through a tenth of a second of signals at once, then one per 1/rate', () => {
    const pace = new HandOverPace({ ...options, maxRate: 100 }, 0);
    for (let i = 0; i < 10; i++) expect(pace.take(0)).toBe(0);
    expect(pace.take(0)).toBe(10);
    expect(pace.take(5)).toBe(5);
    expect(pace.take(10)).toBe(0);
    // a quiet spell fills the burst again, never beyond it
    for (let i = 0; i < 10; i++) expect(pace.take(60_000)).toBe(0);
    expect(pace.take(60_000)).toBeGreaterThan(0);
  });
});

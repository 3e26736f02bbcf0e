// The fuzz check counts every problem over the whole run instead of ending at the first, so
// `npm run fuzz` reports how many 5xx and half-stored deliveries an endpoint has, not just one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzTarget } from '../../engine/ops/fuzz/check.js';

describe('fuzz check', () => {
  it('runs every case and counts 5xx, half-stored and unexplained answers separately', async () => {
    let stored = 0;
    let call = 0;
    // A fake endpoint: every 5th delivery a 500, every 7th a 200 claiming one message it did not
    // store, every 11th a 400 without a message; otherwise a 200 that stores one.
    const server = {
      async inject() {
        call++;
        if (call % 5 === 0) return { statusCode: 500, payload: JSON.stringify({ message: 'An internal server error occurred' }) };
        if (call % 7 === 0) return { statusCode: 200, payload: JSON.stringify({ stored: 1 }) };
        if (call % 11 === 0) return { statusCode: 400, payload: '{}' };
        stored++;
        return { statusCode: 200, payload: JSON.stringify({ stored: 1 }) };
      },
    };
    // A fake database: the clock read before each delivery marks where "stored since" starts.
    let mark = 0;
    const db = Object.assign(() => ({ where: () => ({ count: () => ({ first: async () => ({ n: stored - mark }) }) }) }), {
      raw: async () => {
        mark = stored;
        return { rows: [{ t: 'now' }] };
      },
    });
    const target = { name: 'fake /webhooks/x', url: '/webhooks/x', sign: () => ({}), body: fc.constant({ text: 'hi' }) };
    const outcome = await fuzzTarget(server as never, db as never, target, 385, 1);
    const multiples = (n: number, but: number[] = []) => Array.from({ length: 385 }, (_, i) => i + 1).filter((i) => i % n === 0 && but.every((b) => i % b !== 0)).length;
    expect(outcome.cases).toBe(385);
    expect(outcome.serverErrors).toBe(multiples(5));
    expect(outcome.halfStored).toBe(multiples(7, [5]));
    expect(outcome.unexplained).toBe(multiples(11, [5, 7]));
    expect(outcome.byStatus['500']).toBe(multiples(5));
    expect(outcome.failure).toContain(`${outcome.serverErrors + outcome.halfStored + outcome.unexplained} problem(s): 77 5xx, 44 half-stored, 24 unexplained refusals; first:\n  500: `);
  });
});

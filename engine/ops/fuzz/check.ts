// Runs generated deliveries against one webhook endpoint of an initialised server (hapi inject) and
// checks what a provider and an operator would notice: never a 5xx, a 4xx that says what to fix, and
// never half a delivery stored (a 200 stored exactly what it says; anything else stored nothing).
// Every case runs (a problem is counted, not ended on), so the counts measure the whole run.
import fc from 'fast-check';
import type { Db } from '../../platform/database.js';
import type { SwitchboardServer } from '../../app/server.js';
import { delivery, type FuzzTarget } from './webhook-cases.js';

export interface FuzzOutcome {
  target: string;
  cases: number;
  byStatus: Record<string, number>;
  /** Answers of 500 or more. */
  serverErrors: number;
  /** Deliveries whose stored messages differ from the answer (a 200's `stored`, or anything for a refusal). */
  halfStored: number;
  /** Refusals without a message saying what to fix. */
  unexplained: number;
  /** The first few problems, each with the body that caused it; undefined when there was none. */
  failure?: string;
}

/** The database's clock, as text (a Date would drop the microseconds). */
async function databaseNow(db: Db): Promise<string> {
  return (await db.raw('SELECT clock_timestamp()::text AS t')).rows[0].t;
}

/** Messages stored since `since`: rows other work removes meanwhile (the retention purge of old
 * timestamps, which fuzzed deliveries carry) do not count, as they did in a count of the table. */
async function storedSince(db: Db, since: string): Promise<number> {
  return Number((await db('messages').where('created_at', '>=', since).count('* as n').first())!.n);
}

const EXAMPLES = 3;

export async function fuzzTarget(server: SwitchboardServer, db: Db, target: FuzzTarget, numRuns: number, seed?: number): Promise<FuzzOutcome> {
  const outcome: FuzzOutcome = { target: target.name, cases: 0, byStatus: {}, serverErrors: 0, halfStored: 0, unexplained: 0 };
  const problems: string[] = [];
  const problem = (what: string, raw: string) => {
    if (problems.length < EXAMPLES) problems.push(`${what}; body (${raw.length} bytes): ${JSON.stringify(raw.slice(0, 300))}`);
  };
  const property = fc.asyncProperty(delivery(target.body), async ({ raw, signature }) => {
    outcome.cases++;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature === 'valid') Object.assign(headers, target.sign(raw));
    if (signature === 'wrong') Object.assign(headers, target.sign(raw + ' '));
    const since = await databaseNow(db);
    const res = await server.inject({ method: 'POST', url: target.url, payload: raw, headers });
    outcome.byStatus[res.statusCode] = (outcome.byStatus[res.statusCode] ?? 0) + 1;
    const stored = await storedSince(db, since);
    if (res.statusCode >= 500) {
      outcome.serverErrors++;
      problem(`${res.statusCode}: ${res.payload.slice(0, 300)}`, raw);
    }
    if (res.statusCode === 200) {
      const receipt = JSON.parse(res.payload) as { stored: number };
      if (stored !== receipt.stored) {
        outcome.halfStored++;
        problem(`answered stored=${receipt.stored} but ${stored} messages were stored`, raw);
      }
    } else {
      if (stored !== 0) {
        outcome.halfStored++;
        problem(`answered ${res.statusCode} but stored ${stored} messages`, raw);
      }
      let message: unknown;
      try {
        message = JSON.parse(res.payload).message;
      } catch {
        message = undefined;
      }
      if (res.statusCode < 500 && (typeof message !== 'string' || message.length < 8)) {
        outcome.unexplained++;
        problem(`a ${res.statusCode} without a message saying what to fix: ${res.payload.slice(0, 200)}`, raw);
      }
    }
  });
  await fc.assert(property, { numRuns, seed });
  if (problems.length) {
    const total = outcome.serverErrors + outcome.halfStored + outcome.unexplained;
    outcome.failure = `${total} problem(s): ${outcome.serverErrors} 5xx, ${outcome.halfStored} half-stored, ${outcome.unexplained} unexplained refusals; first:\n  ${problems.join('\n  ')}`;
  }
  return outcome;
}

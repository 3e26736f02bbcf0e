// Runs generated deliveries against one webhook endpoint of an initialised server (hapi inject) and
// checks what a provider and an operator would notice: never a 5xx, a 4xx that says what to fix, and
// never half a delivery stored (a 200 stored exactly what it says; anything else stored nothing).
import fc from 'fast-check';
import type { Db } from '../../platform/database.js';
import type { SwitchboardServer } from '../../app/server.js';
import { delivery, type FuzzTarget } from './webhook-cases.js';

export interface FuzzOutcome {
  target: string;
  cases: number;
  byStatus: Record<string, number>;
  failure?: string;
}

async function storedCount(db: Db): Promise<number> {
  return Number((await db('messages').count('* as n').first())!.n);
}

export async function fuzzTarget(server: SwitchboardServer, db: Db, target: FuzzTarget, numRuns: number, seed?: number): Promise<FuzzOutcome> {
  const byStatus: Record<string, number> = {};
  let cases = 0;
  const property = fc.asyncProperty(delivery(target.body), async ({ raw, signature }) => {
    cases++;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature === 'valid') Object.assign(headers, target.sign(raw));
    if (signature === 'wrong') Object.assign(headers, target.sign(raw + ' '));
    const before = await storedCount(db);
    const res = await server.inject({ method: 'POST', url: target.url, payload: raw, headers });
    byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1;
    if (res.statusCode >= 500) throw new Error(`${res.statusCode} for a ${raw.length}-byte body: ${res.payload.slice(0, 300)}`);
    const after = await storedCount(db);
    if (res.statusCode === 200) {
      const receipt = JSON.parse(res.payload) as { stored: number };
      if (after - before !== receipt.stored) throw new Error(`answered stored=${receipt.stored} but ${after - before} messages were stored`);
    } else {
      if (after !== before) throw new Error(`answered ${res.statusCode} but stored ${after - before} messages`);
      const message = JSON.parse(res.payload).message;
      if (typeof message !== 'string' || message.length < 8) throw new Error(`a ${res.statusCode} without a message saying what to fix: ${res.payload.slice(0, 200)}`);
    }
  });
  const details = await fc.check(property, { numRuns, seed, endOnFailure: true });
  return { target: target.name, cases, byStatus, failure: details.failed ? `${details.errorInstance}\n  counterexample (seed ${details.seed}, path ${details.counterexamplePath}): ${JSON.stringify(details.counterexample)?.slice(0, 500)}` : undefined };
}

// The live hub on a real PostgreSQL: events are read in commit order, so one written by a
// transaction that commits late is never skipped; idle streams get keep-alive comments.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../engine/platform/database.js';
import { startLiveHub, type LiveHub } from '../../engine/features/live/hub.js';
import { freshDatabase } from '../support/database.js';

describe('live hub', () => {
  let db: Db;
  let hub: LiveHub;
  let org: string;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    db = fresh.db;
    org = (await db('organisations').first('id')).id;
    hub = startLiveHub({ db, databaseUrl: fresh.url, logger: pino({ level: 'silent' }), pollMs: 20, keepAliveMs: 100, recheckEvery: 2 });
  });
  afterAll(async () => {
    await hub?.stop();
    await db?.destroy();
  });

  // An admin: these events name contacts that do not exist, which channel permissions would hide from an agent.
  const user = { id: randomUUID(), email: 'a@example.com', name: 'A', role: 'admin' as const };
  const event = (contactId: string) => ({ org_id: org, kind: 'contact.updated', contact_id: contactId, payload: { change: 'contact' } });

  function collect() {
    const frames: string[] = [];
    const waiters = new Set<() => void>();
    return {
      frames,
      write: (f: string) => {
        frames.push(f);
        for (const w of waiters) w();
      },
      until(check: () => boolean, ms = 10_000) {
        return new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`not in time; frames: ${frames.join('|')}`)), ms);
          const w = () => {
            if (check()) {
              clearTimeout(timer);
              waiters.delete(w);
              resolve();
            }
          };
          waiters.add(w);
          w();
        });
      },
    };
  }

  it('waits for a transaction that started earlier, then sends both events in commit-safe order', async () => {
    const stream = collect();
    const subscription = await hub.subscribe(user, undefined, stream.write, () => undefined);
    const early = randomUUID();
    const late = randomUUID();
    const trx = await db.transaction();
    await trx('live_events').insert(event(early));
    await db('live_events').insert(event(late)); // committed at once, after the open transaction began
    // Two keep-alives: the hub has looked many times meanwhile.
    await stream.until(() => stream.frames.filter((f) => f.startsWith(': keep-alive')).length >= 2);
    expect(stream.frames.some((f) => f.includes(late))).toBe(false);
    await trx.commit();
    await stream.until(() => stream.frames.some((f) => f.includes(late)));
    const earlyAt = stream.frames.findIndex((f) => f.includes(early));
    expect(earlyAt).toBeGreaterThanOrEqual(0);
    expect(earlyAt).toBeLessThan(stream.frames.findIndex((f) => f.includes(late)));
    subscription.close();
  });

  it('ends a stream whose sign-in is no longer valid, with an unauthorized event', async () => {
    const stream = collect();
    let ended = false;
    let valid = true;
    let checks = 0;
    await hub.subscribe(user, undefined, stream.write, () => (ended = true), async () => {
      checks++;
      return valid ? { ...user, role: 'admin' as const } : undefined;
    });
    await stream.until(() => checks >= 1);
    expect(ended).toBe(false);
    valid = false;
    await stream.until(() => stream.frames.some((f) => f.startsWith('event: unauthorized')));
    expect(ended).toBe(true);
    // Nothing is written to it afterwards.
    const count = stream.frames.length;
    await db('live_events').insert(event(randomUUID()));
    const other = collect();
    await hub.subscribe(user, undefined, other.write, () => undefined);
    await other.until(() => other.frames.filter((f) => f.startsWith(': keep-alive')).length >= 1);
    expect(stream.frames.length).toBe(count);
  });

  it('skips nothing for a client that resumes from an event id, even across a late commit', async () => {
    const first = collect();
    const a = randomUUID();
    const s1 = await hub.subscribe(user, undefined, first.write, () => undefined);
    await db('live_events').insert(event(a));
    await first.until(() => first.frames.some((f) => f.includes(a)));
    const lastId = /^id: (.+)$/m.exec(first.frames.find((f) => f.includes(a))!)![1];
    s1.close();

    const b = randomUUID();
    const c = randomUUID();
    const trx = await db.transaction();
    await trx('live_events').insert(event(b));
    await db('live_events').insert(event(c));
    await trx.commit();
    const resumed = collect();
    const s2 = await hub.subscribe(user, lastId, resumed.write, () => undefined);
    await resumed.until(() => [b, c].every((x) => resumed.frames.some((f) => f.includes(x))));
    expect(resumed.frames.some((f) => f.includes(a))).toBe(false);
    s2.close();
  });
});

// The scale section of `npm run bench -- --only scale`: the queue listings over many stored
// conversations and messages (BENCH_SCALE_CONVERSATIONS, BENCH_SCALE_MESSAGES; the figure
// is 1,000,000 messages): p99 of each listing, and whether PostgreSQL's plan scans messages or
// conversations sequentially (EXPLAIN of the very statement the API runs).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../app/config.js';
import { createLogger } from '../app/logger.js';
import { listConversations, type ListFilters } from '../features/conversations/repository.js';
import { createUser } from '../features/people/users-repository.js';
import { createDb, migrate } from '../platform/database.js';
import { startLocalStack } from '../platform/local/stack.js';
import { orgId } from '../platform/org.js';
import { summary } from './stats.js';

type Plan = { 'Node Type': string; 'Relation Name'?: string; Plans?: Plan[] };

function seqScans(plan: Plan, out: string[] = []): string[] {
  if (plan['Node Type'] === 'Seq Scan' && plan['Relation Name']) out.push(plan['Relation Name']);
  for (const child of plan.Plans ?? []) seqScans(child, out);
  return out;
}

export async function runScale(out: (line?: string) => void): Promise<Record<string, number | string>> {
  const conversations = Number(process.env.BENCH_SCALE_CONVERSATIONS ?? 100_000);
  const messages = Number(process.env.BENCH_SCALE_MESSAGES ?? 1_000_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-scale-'));
  const port = 20_000 + (process.pid % 1000) * 20;
  const config = loadConfig({ ...process.env, PORT: String(port), SWITCHBOARD_DATA_DIR: dataDir, DATABASE_URL: '', TEMPORAL_ADDRESS: '' });
  const stack = await startLocalStack(config, createLogger('warn'));
  const db = createDb(stack.databaseUrl, 4);
  const figures: Record<string, number | string> = { conversations, messages };
  try {
    await migrate(db);
    const admin = await createUser(db, { email: 'scale@example.com', name: 'Scale', password: 'a long enough password', role: 'admin' });
    const [channel] = await db('channels').insert({ org_id: await orgId(db), type: 'sandbox', name: 'scale', config: {} }).returning('id');
    const f0 = performance.now();
    await db.raw(
      `INSERT INTO contacts (channel_id, provider_id, name) SELECT ?, 'c' || i, 'Customer ' || i FROM generate_series(1, ?) i`,
      [channel.id, conversations],
    );
    await db.raw(
      `INSERT INTO conversations (channel_id, thread_key, workflow_id, kind, status, contact_id, last_message_text, last_message_at)
       SELECT k.channel_id, k.provider_id, 'scale-' || k.provider_id, 'private',
              (ARRAY['unassigned','assigned','pending','done'])[1 + (abs(hashtext(k.provider_id)) % 4)],
              k.id, 'hello', now() - make_interval(secs => abs(hashtext(k.provider_id)) % 8640000)
         FROM contacts k WHERE k.channel_id = ?`,
      [channel.id],
    );
    await db.raw(
      `INSERT INTO messages (channel_id, conversation_id, thread_key, kind, direction, provider_message_id, author, contact_provider_id, text, at)
       SELECT c.channel_id, c.id, c.thread_key, 'text', 'in', 'm' || i, '{"type":"contact"}', c.thread_key, 'message ' || i, c.last_message_at - make_interval(secs => i % 1000)
         FROM generate_series(1, ?) i
         JOIN LATERAL (SELECT * FROM conversations WHERE channel_id = ? AND thread_key = 'c' || (1 + i % ?)) c ON true`,
      [messages, channel.id, conversations],
    );
    await db.raw('ANALYZE');
    figures.fillSeconds = (performance.now() - f0) / 1000;
    out(`Scale: ${conversations} conversations, ${messages} messages stored in ${(figures.fillSeconds as number).toFixed(1)} s`);

    const queues = ['unassigned', 'mine', 'assigned', 'pending', 'done'] as const;
    for (const queue of queues) {
      const filters = { queue, order: 'desc', limit: 50 } as ListFilters;
      let statement: { sql: string; bindings: unknown[] } | undefined;
      const capture = (q: { sql: string; bindings: unknown[] }) => {
        if (!statement && /from "conversations"/i.test(q.sql)) statement = q;
      };
      db.on('query', capture);
      await listConversations(db, admin, [], filters);
      db.off('query', capture);
      // the statement as knex sent it: its placeholders made native, on a connection of the pool
      const client = db.client as { positionBindings(sql: string): string; acquireConnection(): Promise<any>; releaseConnection(c: unknown): Promise<void> };
      const connection = await client.acquireConnection();
      let plan: Plan;
      try {
        const result = await connection.query(`EXPLAIN (FORMAT JSON) ${client.positionBindings(statement!.sql)}`, statement!.bindings ?? []);
        plan = result.rows[0]['QUERY PLAN'][0].Plan as Plan;
      } finally {
        await client.releaseConnection(connection);
      }
      const scans = seqScans(plan).filter((r) => r === 'messages' || r === 'conversations');
      const times: number[] = [];
      for (let i = 0; i < 100; i++) {
        const t = performance.now();
        await listConversations(db, admin, [], filters);
        times.push(performance.now() - t);
      }
      const s = summary(times);
      figures[`list ${queue} p99 ms`] = s.p99;
      figures[`list ${queue} seq scans`] = scans.join(',') || 'none';
      out(`  ${queue.padEnd(10)} p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  sequential scans on messages/conversations: ${scans.join(', ') || 'none'}`);
    }
    return figures;
  } finally {
    await db.destroy();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

import client from 'prom-client';
import type { Db } from '../../platform/database.js';
import { registry } from '../../platform/metrics.js';

const backlog = new client.Gauge({
  name: 'switchboard_relay_backlog',
  help: 'Recorded messages not yet handed to their conversation workflow (shared by every API process)',
  registers: [registry],
});
const oldest = new client.Gauge({
  name: 'switchboard_relay_oldest_seconds',
  help: 'Age of the oldest recorded message still waiting for the hand-over (0 when none waits)',
  registers: [registry],
});

/** Read at scrape time: the queue is in PostgreSQL, so every process sees the same figures. */
export async function relayBacklog(db: Db): Promise<void> {
  const { rows } = await db.raw(
    `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM inbound_queue`,
  );
  backlog.set(rows[0].n);
  oldest.set(rows[0].age);
}

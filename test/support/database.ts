import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, migrate, type Db } from '../../engine/platform/database.js';

/** A new, empty database on the run's PostgreSQL, migrated. */
export async function freshDatabase(): Promise<{ url: string; db: Db }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const db = createDb(url, 5);
  await migrate(db);
  return { url, db };
}

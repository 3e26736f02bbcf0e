// Backup and restore of Switchboard's database as one gzipped file of JSON lines: every table of the
// public schema, read in one snapshot. The embedded PostgreSQL package ships no pg_dump / pg_restore
// (only initdb, pg_ctl and postgres), and a system pg_dump older than the server refuses to dump it,
// so the rows are copied through the ordinary client. The schema is not in the file: it is the
// migrations', and a restore refuses a file made by a different set of migrations.
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';

const FORMAT = 'switchboard-backup/1';
const BATCH = 1000;

type Line =
  | { format: string; createdAt: string; migrations: string[] }
  | { table: string; rows: unknown[] };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('knex_migrations_lock') ORDER BY tablename`,
  );
  return rows.map((r) => r.tablename as string);
}

async function migrationNames(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query('SELECT name FROM knex_migrations ORDER BY name');
  return rows.map((r) => r.name as string);
}

/** Writes the database to `file`; answers the rows per table. */
export async function backupDatabase(databaseUrl: string, file: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const names = await tables(client);
    const migrations = await migrationNames(client);
    async function* lines(): AsyncGenerator<string> {
      yield JSON.stringify({ format: FORMAT, createdAt: new Date().toISOString(), migrations } satisfies Line) + '\n';
      for (const table of names) {
        if (table === 'knex_migrations') continue;
        counts[table] = 0;
        await client.query(`DECLARE dump NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS row FROM ${quote(table)} t`);
        for (;;) {
          const { rows } = await client.query(`FETCH ${BATCH} FROM dump`);
          if (!rows.length) break;
          counts[table] += rows.length;
          yield JSON.stringify({ table, rows: rows.map((r) => r.row) } satisfies Line) + '\n';
        }
        await client.query('CLOSE dump');
      }
    }
    await mkdir(path.dirname(file), { recursive: true });
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(file, { mode: 0o600 }));
    await client.query('COMMIT');
    return counts;
  } finally {
    await client.end();
  }
}

export class RestoreError extends Error {}

/**
 * Replaces every table's rows with the file's, in one transaction (a failed restore changes nothing).
 * The database must be migrated to exactly the migrations the backup was made with.
 */
export async function restoreDatabase(databaseUrl: string, file: string): Promise<Record<string, number>> {
  await access(file).catch(() => {
    throw new RestoreError(`no backup file at ${file}`);
  });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    let header = true;
    await client.query('BEGIN');
    // Rows go in table by table: foreign keys and triggers are checked by the data's origin, not again.
    await client.query('SET LOCAL session_replication_role = replica');
    const names = await tables(client);
    // The file is opened only now: readline starts reading at once, and lines it reads before the
    // loop below asks for them are dropped (a slow database made small backups restore as "empty").
    const source = createReadStream(file);
    const gunzip = createGunzip();
    source.on('error', (err) => gunzip.destroy(err));
    const input = readline.createInterface({ input: source.pipe(gunzip), crlfDelay: Infinity });
    for await (const text of input) {
      if (!text) continue;
      const line = JSON.parse(text) as Line;
      if (header) {
        header = false;
        if (!('format' in line) || line.format !== FORMAT) throw new RestoreError(`${file} is not a Switchboard backup`);
        const here = await migrationNames(client);
        if (here.join() !== line.migrations.join()) {
          throw new RestoreError(
            `${file} was made by a Switchboard with migrations up to ${line.migrations.at(-1)}; this database has ${here.at(-1) ?? 'none'}: restore with the matching version`,
          );
        }
        const wipe = names.filter((t) => t !== 'knex_migrations');
        if (wipe.length) await client.query(`TRUNCATE ${wipe.map(quote).join(', ')}`);
        continue;
      }
      if (!('table' in line) || !names.includes(line.table)) throw new RestoreError(`${file} holds rows of an unknown table`);
      await client.query(`INSERT INTO ${quote(line.table)} SELECT * FROM jsonb_populate_recordset(NULL::${quote(line.table)}, $1::jsonb)`, [
        JSON.stringify(line.rows),
      ]);
      counts[line.table] = (counts[line.table] ?? 0) + line.rows.length;
    }
    if (header) throw new RestoreError(`${file} is empty`);
    // Sequences (bigIncrements) continue after the restored rows.
    const { rows: sequences } = await client.query(
      `SELECT c.relname AS table_name, a.attname AS column_name, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS seq
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relkind = 'r' AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
    );
    for (const s of sequences) {
      await client.query(
        `SELECT setval($1, coalesce((SELECT max(${quote(s.column_name)}) FROM ${quote(s.table_name)}), 0) + 1, false)`,
        [s.seq],
      );
    }
    await client.query('COMMIT');
    return counts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

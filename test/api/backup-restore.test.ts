// npm run backup / npm run restore as a user runs them, against a real database: back up, lose the
// data, restore, and find it again.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../engine/platform/database.js';
import { orgId } from '../../engine/platform/org.js';
import { freshDatabase } from '../support/database.js';

const root = path.resolve(import.meta.dirname, '../..');

function run(script: 'backup' | 'restore', databaseUrl: string, file: string) {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
  const res = spawnSync(process.execPath, ['--import', 'tsx', `engine/cli/${script}.ts`, file], {
    cwd: root,
    env: { ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    // a command that hangs fails the test instead of the whole run (spawnSync holds vitest's timers)
    timeout: 50_000,
  });
  return { code: res.status, out: res.stdout + res.stderr };
}

describe('backup and restore', () => {
  let db: Db;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase());
    dir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-backup-'));
  });
  afterAll(async () => {
    await db?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores channels, conversations and messages deleted after the backup, with ids, unicode and sequences intact', async () => {
    const org = await orgId(db);
    const [channel] = await db('channels').insert({ org_id: org, type: 'sandbox', name: 'Chat ☕ «café»', config: JSON.stringify({ secret: 's' }) }).returning('id');
    const [contact] = await db('contacts').insert({ channel_id: channel.id, provider_id: 'c-1', name: 'Zoë' }).returning('id');
    const [conversation] = await db('conversations')
      .insert({ channel_id: channel.id, thread_key: 'c-1', workflow_id: 'wf-1', kind: 'private', status: 'unassigned', contact_id: contact.id, last_message_at: new Date() })
      .returning('id');
    await db('messages').insert({
      channel_id: channel.id, conversation_id: conversation.id, thread_key: 'c-1', kind: 'private', direction: 'in', provider_message_id: 'p-1',
      author: JSON.stringify({ type: 'customer', id: 'c-1' }), contact_provider_id: 'c-1', text: 'Bonjour 👋 "quoted" \\ back\nslash', at: new Date('2026-05-01T10:00:00Z'),
    });
    await db('conversation_events').insert({ conversation_id: conversation.id, type: 'conversation.created', actor: JSON.stringify({ type: 'system' }) });

    const file = path.join(dir, 'backup.jsonl.gz');
    const backup = run('backup', url, file);
    expect(backup.out).toMatch(/backup written: .*backup\.jsonl\.gz \(\d+ rows in \d+ tables; messages: 1\)/);
    expect(backup.code).toBe(0);
    expect((await stat(file)).size).toBeGreaterThan(0);

    // The data is lost.
    await db('conversation_events').delete();
    await db('messages').delete();
    await db('conversations').delete();
    await db('contacts').delete();
    await db('channels').delete();

    const restore = run('restore', url, file);
    expect(restore.out).toMatch(/restored \d+ rows from .* \(messages: 1\)/);
    expect(restore.code).toBe(0);

    const message = await db('messages').where({ provider_message_id: 'p-1' }).first();
    expect(message).toMatchObject({ conversation_id: conversation.id, text: 'Bonjour 👋 "quoted" \\ back\nslash' });
    expect(message.at.toISOString()).toBe('2026-05-01T10:00:00.000Z');
    expect(await db('channels').where({ id: channel.id }).first('name')).toEqual({ name: 'Chat ☕ «café»' });
    expect(await db('contacts').where({ id: contact.id }).first('name')).toEqual({ name: 'Zoë' });
    // A new event after the restore gets an id after the restored ones.
    const [restoredEvent] = await db('conversation_events').select('id');
    const [next] = await db('conversation_events').insert({ conversation_id: conversation.id, type: 'x', actor: JSON.stringify({ type: 'system' }) }).returning('id');
    expect(Number(next.id)).toBeGreaterThan(Number(restoredEvent.id));
  });

  it('refuses a file that is not a backup and changes nothing', async () => {
    const before = await db('messages').count('* as n').first();
    const res = run('restore', url, path.join(dir, 'missing.jsonl.gz'));
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/restore failed: no backup file at .*missing\.jsonl\.gz/);
    expect(await db('messages').count('* as n').first()).toEqual(before);
  });
});

// What PostgreSQL holds of private data, read as stored and as the engine reads it: sealed where
// it is written (messages with their attachments, channel secrets, an edit's audit entry), plain
// for public comments and for rows written before encryption; `rotate-key`'s re-sealing seals the
// old plaintext, moves values to the current key, resumes and repeats without changing anything.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundEvent, MessageUpdateEvent } from '../../connectors/types.js';
import { insertChannel, getChannel } from '../../engine/features/channels/repository.js';
import { resealAll } from '../../engine/features/encryption/rotate.js';
import { recordEvents } from '../../engine/features/inbound/record-events.js';
import { conversationFacts } from '../../engine/features/automation/facts.js';
import { conversationText } from '../../engine/features/tag-suggestions/repository.js';
import { notifyCustomerMessage } from '../../engine/features/notifications/notify.js';
import { listNotifications } from '../../engine/features/notifications/inbox.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import { storedText } from '../../engine/features/encryption/private-data.js';
import { installKeyring, Keyring, keyIdOf, newKey, processKeyring } from '../../engine/platform/crypto/index.js';
import { createDb, type Db } from '../../engine/platform/database.js';
import { registry } from '../../engine/platform/metrics.js';
import { freshDatabase } from '../support/database.js';

let db: Db;
let stored: Db;
let channelId: string;

beforeAll(async () => {
  const fresh = await freshDatabase();
  db = fresh.db;
  stored = createDb(fresh.url, 2, { asStored: true });
  channelId = (await insertChannel(db, { type: 'sandbox', name: 'Vault', config: { secret: 'vault-secret-1', replyUrl: 'https://replies.example.com/x' } })).id;
});
afterAll(async () => {
  await stored.destroy();
  await db.destroy();
});

function message(kind: 'private' | 'public', text: string, extra: Partial<InboundEvent> = {}): InboundEvent {
  const id = randomUUID();
  return {
    providerMessageId: `p-${id}`, threadKey: kind === 'public' ? `post:${id}` : `dm:${id}`, kind, direction: 'in',
    contact: { providerId: `c-${id}`, name: 'Customer' }, text, attachments: [], at: new Date().toISOString(),
    ...(kind === 'public' ? { postId: 'post' } : {}), ...extra,
  };
}

/** A private conversation holding `texts` as its customer's messages, recorded as a webhook records them. */
async function privateConversation(texts: string[]): Promise<{ id: string; providerMessageIds: string[] }> {
  const first = message('private', texts[0]);
  const all = texts.map((text, i) => (i === 0 ? first : { ...message('private', text), threadKey: first.threadKey, contact: first.contact, at: new Date(Date.now() + i).toISOString() }));
  await recordEvents(db, channelId, all);
  const contact = (await db.raw('INSERT INTO contacts (channel_id, provider_id) VALUES (?, ?) RETURNING id', [channelId, first.contact.providerId])).rows[0];
  const convo = (await db.raw(`INSERT INTO conversations (channel_id, thread_key, workflow_id, kind, status, contact_id, last_message_at)
                               VALUES (?, ?, ?, 'private', 'unassigned', ?, now()) RETURNING id`, [channelId, first.threadKey, `wf-${first.threadKey}`, contact.id])).rows[0];
  await db('messages').whereIn('provider_message_id', all.map((m) => m.providerMessageId)).update({ conversation_id: convo.id });
  return { id: convo.id, providerMessageIds: all.map((m) => m.providerMessageId) };
}

const row = (d: Db, providerMessageId: string) => d('messages').where({ provider_message_id: providerMessageId }).first('id', 'text', 'attachments', 'extra');

describe('private data in PostgreSQL', () => {
  it('stores a private message, its attachments and extras sealed, reads them back plain, and keeps public comments plain', async () => {
    const attachments = [{ type: 'image' as const, url: 'https://cdn.example.com/id-card.jpg' }];
    const dm = message('private', 'my card number is 4242', { attachments, extra: { subject: 'Passport renewal' } });
    const comment = message('public', 'love the new shoes');
    await recordEvents(db, channelId, [dm, comment]);
    const raw = await row(stored, dm.providerMessageId);
    expect(raw.text).toMatch(/^sb1:/);
    expect(raw.text).not.toContain('4242');
    expect(raw.attachments).toMatch(/^sb1j:/);
    expect(JSON.stringify(raw.attachments)).not.toContain('id-card');
    expect(raw.extra).toMatch(/^sb1j:/);
    expect(await row(db, dm.providerMessageId)).toMatchObject({ text: 'my card number is 4242', attachments, extra: { subject: 'Passport renewal' } });
    expect((await row(stored, comment.providerMessageId)).text).toBe('love the new shoes');
  });

  it("seals an edit of a private message, and the edit's audit entry", async () => {
    const convo = await privateConversation(['first version']);
    const [providerMessageId] = convo.providerMessageIds;
    const edit: MessageUpdateEvent = { event: 'update', eventId: `e-${providerMessageId}`, providerMessageId, kind: 'private', change: 'edited', text: 'second version', at: new Date().toISOString() };
    await recordEvents(db, channelId, [edit]);
    expect((await row(stored, providerMessageId)).text).toMatch(/^sb1:/);
    expect((await row(db, providerMessageId)).text).toBe('second version');
    const audit = await stored('conversation_events').where({ conversation_id: convo.id, type: 'message.edited' }).first('detail');
    expect(JSON.stringify(audit.detail)).not.toMatch(/version/);
    expect((await db('conversation_events').where({ conversation_id: convo.id, type: 'message.edited' }).first('detail')).detail)
      .toMatchObject({ previousText: 'first version', text: 'second version' });
  });

  it('gives automations (and so dry runs) and tag suggestions the plaintext of sealed messages', async () => {
    const convo = await privateConversation(['I want a refund', 'order 1234 please']);
    const raw = await stored('messages').where({ conversation_id: convo.id }).pluck('text');
    expect(raw.every((t: string) => t.startsWith('sb1:'))).toBe(true);
    // The facts a rule (live or in a dry run) reads: the latest customer message, opened.
    expect((await conversationFacts(db, convo.id))['message.text']).toBe('order 1234 please');
    // Aggregated in SQL (each sealed value inside one string), opened after the query.
    expect((await conversationText(db, convo.id))!.text).toBe('I want a refund\norder 1234 please');
  });

  it("notifies with a private message's text sealed in the notification, shown cut to 280 characters", async () => {
    const user = await createUser(db, { email: `n-${randomUUID()}@example.com`, name: 'Nia', password: 'a long enough password', role: 'agent' });
    const long = `${'a'.repeat(270)} 0123456789 tail-beyond-the-cut`;
    const convo = await privateConversation([long]);
    await db('conversations').where({ id: convo.id }).update({ last_message_text: storedText('private', long) });
    await notifyCustomerMessage(db, { conversationId: convo.id, created: true, statusBefore: 'unassigned', assignee: {} });
    const raw = await stored('notifications').where({ user_id: user.id }).first('detail');
    expect(raw.detail.text).toMatch(/^sb1:/);
    const { items } = await listNotifications(db, user.id, { limit: 10 });
    expect(items.map((n) => n.detail.text)).toEqual([[...long].slice(0, 280).join('')]);
  });

  it("stores a channel's secrets sealed and its other keys plain", async () => {
    const raw = await stored('channels').where({ id: channelId }).first('config');
    expect(raw.config.secret).toMatch(/^sb1:/);
    expect(raw.config.replyUrl).toBe('https://replies.example.com/x');
    expect((await getChannel(db, channelId))!.config).toEqual({ secret: 'vault-secret-1', replyUrl: 'https://replies.example.com/x' });
  });

  it('reads rows written before encryption; re-sealing seals them, moves old keys to the new one, and changes nothing the second time', async () => {
    const legacy = message('private', 'written last year');
    await stored('messages').insert({
      channel_id: channelId, provider_message_id: legacy.providerMessageId, thread_key: legacy.threadKey, kind: 'private', direction: 'in',
      author: { type: 'customer', id: 'x' }, contact_provider_id: 'x', text: 'written last year', attachments: JSON.stringify([{ type: 'file', url: 'https://f.example.com/a.pdf' }]), extra: { subject: 'Old subject' }, at: new Date(),
    });
    expect(await row(db, legacy.providerMessageId)).toMatchObject({ text: 'written last year', attachments: [{ type: 'file', url: 'https://f.example.com/a.pdf' }] });

    const before = processKeyring();
    const rotated = new Keyring(newKey(), [before.current]);
    installKeyring(rotated);
    const first = await resealAll(stored, rotated, { batchSize: 2 });
    expect(first['private messages'].sealed).toBe(3); // the legacy text, attachments and extras
    expect(first['private messages'].rekeyed).toBeGreaterThanOrEqual(3);
    expect(first['channel secrets']).toEqual({ rows: 1, sealed: 0, rekeyed: 1, failed: 0 });
    const texts = await stored('messages').where({ kind: 'private' }).pluck('text');
    expect(texts.every((t: string) => keyIdOf(t) === rotated.current.id)).toBe(true);
    expect(await row(db, legacy.providerMessageId)).toMatchObject({ text: 'written last year', extra: { subject: 'Old subject' } });
    expect((await row(stored, legacy.providerMessageId)).extra).toMatch(/^sb1j:/);

    const second = await resealAll(stored, rotated, { batchSize: 2 });
    expect(Object.values(second).every((c) => c.rows === 0 && c.failed === 0)).toBe(true);
  });

  it('leaves a value sealed with a key it does not hold, counts it as failed, and shows it as stored', async () => {
    const foreign = new Keyring(newKey());
    const dm = message('private', 'x');
    await recordEvents(db, channelId, [dm]);
    const { id } = await row(db, dm.providerMessageId);
    const { sealText } = await import('../../engine/platform/crypto/index.js');
    const orphan = sealText(foreign, 'sealed elsewhere');
    await stored('messages').where({ id }).update({ text: orphan });
    const counts = await resealAll(stored, processKeyring());
    expect(counts['private messages'].failed).toBe(1);
    expect((await stored('messages').where({ id }).first('text')).text).toBe(orphan);
    // Read by the engine, it is shown as stored, and counted for the operators (Prometheus).
    const unopened = async () => Number((await registry.getSingleMetricAsString('switchboard_sealed_values_unopened')).match(/unopened (\d+)/)![1]);
    const before = await unopened();
    expect((await row(db, dm.providerMessageId)).text).toBe(orphan);
    expect(await unopened()).toBe(before + 1);
  });
});

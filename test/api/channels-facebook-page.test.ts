// Facebook Page feed through the real webhook endpoint and a loopback stand-in of the Graph API:
// comments, replies, visitor posts, the Page's own comments, edits/removals/moderation states,
// public and private replies, moderation by agents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { metaHeaders } from '../support/signing.js';
import { startStandIn, type RecordedRequest, type StandIn } from '../support/stand-in-server.js';

const PAGE_ID = '106954381234567';
const APP_SECRET = 'fb-app-secret';
const POST_ID = `${PAGE_ID}_555000111222333`;
const PERMALINK = `https://www.facebook.com/${PAGE_ID}/posts/pfbid02abc`;
const now = () => Math.floor(Date.now() / 1000);

interface Feed {
  item?: string;
  verb?: string;
  from?: { id: string; name?: string };
  commentId?: string;
  postId?: string;
  parentId?: string;
  message?: string;
  created?: number;
}

function feedValue(f: Feed) {
  const postId = f.postId ?? POST_ID;
  const item = f.item ?? 'comment';
  return {
    ...(f.from ? { from: f.from } : {}),
    post: { status_type: 'added_photos', is_published: true, permalink_url: PERMALINK, id: postId },
    ...(f.message !== undefined ? { message: f.message } : {}),
    post_id: postId,
    ...(item === 'comment' ? { comment_id: f.commentId, parent_id: f.parentId ?? postId } : {}),
    created_time: f.created ?? now(),
    item,
    verb: f.verb ?? 'add',
  };
}

const delivery = (...values: Feed[]) =>
  JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: now(), changes: values.map((v) => ({ field: 'feed', value: feedValue(v) })) }] });

const JANE = { id: '24075483658761234', name: 'Jane Doe' };
const MARC = { id: '31000000000000042', name: 'Marc' };
const PAGE = { id: PAGE_ID, name: 'Kettle Shop' };

describe('facebook_page channel end to end', () => {
  let stack: ApiStack;
  let graph: StandIn;
  let channelId: string;
  let seq = 0;

  beforeAll(async () => {
    stack = await startApiStack();
    graph = await startStandIn();
    graph.answer(200, (req: RecordedRequest) =>
      req.method === 'GET'
        ? { id: POST_ID, message: 'Our new kettle is here!', permalink_url: PERMALINK, from: { id: PAGE_ID, name: 'Kettle Shop' }, full_picture: 'https://scontent.example/kettle.jpg', status_type: 'added_photos' }
        : req.method === 'DELETE' || /\/\d+_\d+\?/.test(req.url) && !req.url.includes('/comments') && !req.url.includes('/messages')
        ? { success: true }
        : req.url.includes('/messages') ? { recipient_id: 'psid-from-comment', message_id: `m_private_${++seq}` } : { id: `${POST_ID.split('_')[1]}_reply${++seq}` });
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: {
        type: 'facebook_page',
        name: 'Kettle Shop page',
        config: { pageId: PAGE_ID, appSecret: APP_SECRET, verifyToken: 'fb-verify', pageAccessToken: 'page-token', apiBaseUrl: `${graph.baseUrl}/v21.0` },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.config.appSecret).toBeUndefined();
    channelId = res.body.id;
  });

  afterAll(async () => {
    await stack?.stop();
    await graph?.close();
  });

  const deliver = (body: string, secret = APP_SECRET) => stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: metaHeaders(secret, body) });
  const conversations = async () => (await stack.request('GET', `/api/conversations?channelId=${channelId}`, { token: stack.adminToken })).body.items as any[];
  const detail = async (id: string) => (await stack.request('GET', `/api/conversations/${id}`, { token: stack.adminToken })).body;
  const messageCount = async () => Number((await stack.services.db('messages').where({ channel_id: channelId }).count('* as n'))[0].n);
  const threadOf = async (threadKey: string) => stack.eventually(async () => (await stack.services.db('conversations').where({ channel_id: channelId, thread_key: threadKey }).first()) ?? false);

  it('answers the verify-token handshake and refuses a forged signature, storing nothing', async () => {
    const ok = await stack.request('GET', `/webhooks/${channelId}?hub.mode=subscribe&hub.verify_token=fb-verify&hub.challenge=77`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('77');
    const wrong = await stack.request('GET', `/webhooks/${channelId}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=77`);
    expect(wrong.status).toBe(403);
    const body = delivery({ from: JANE, commentId: '555000111222333_1', message: 'forged' });
    expect((await deliver(body, 'not-the-secret')).status).toBe(401);
    expect(await messageCount()).toBe(0);
  });

  let janeThread: string;

  it('files a comment under its customer and post, with the post, stored once when delivered twice', async () => {
    const body = delivery({ from: JANE, commentId: '555000111222333_901', message: 'Où est ma commande ? #42' });
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    const convo = await threadOf(`${POST_ID}:${JANE.id}`);
    janeThread = convo.id;
    const d = await detail(janeThread);
    expect(d).toMatchObject({ kind: 'public', channelType: 'facebook_page', contact: { name: 'Jane Doe' } });
    expect(d.post).toMatchObject({ id: POST_ID, link: PERMALINK, type: 'added_photos' });
    // A comment does not tell its post's text: it is looked up at Graph once the thread opens.
    const withText = await stack.eventually(async () => ((await detail(janeThread)).post?.text ? detail(janeThread) : false));
    expect(withText.post).toMatchObject({ text: 'Our new kettle is here!', author: { id: PAGE_ID, name: 'Kettle Shop' }, media: [{ type: 'image', url: 'https://scontent.example/kettle.jpg' }] });
    expect(graph.requests.find((r) => r.method === 'GET')?.url).toBe(`/v21.0/${POST_ID}?fields=message,permalink_url,from,full_picture,status_type&access_token=page-token`);
    expect(d.messages).toHaveLength(1);
    expect(d.messages[0]).toMatchObject({ direction: 'in', text: 'Où est ma commande ? #42', providerMessageId: '555000111222333_901' });
    expect(await messageCount()).toBe(1);
  });

  it("threads another customer's reply to a comment, and a visitor post, under their own customers", async () => {
    const reply = delivery({ from: MARC, commentId: '555000111222333_902', parentId: '555000111222333_901', message: 'Same here' });
    expect((await deliver(reply)).status).toBe(200);
    const marc = await threadOf(`${POST_ID}:${MARC.id}`);
    const d = await detail(marc.id);
    expect(d.messages[0]).toMatchObject({ text: 'Same here', inReplyTo: '555000111222333_901' });

    const visitorPostId = `${PAGE_ID}_888000`;
    const visitor = delivery({ item: 'status', from: MARC, postId: visitorPostId, message: 'My kettle leaks' });
    expect((await deliver(visitor)).status).toBe(200);
    const visitorThread = await threadOf(`${visitorPostId}:${MARC.id}`);
    const v = await detail(visitorThread.id);
    expect(v.messages[0]).toMatchObject({ direction: 'in', text: 'My kettle leaks' });
    expect(v.post).toMatchObject({ id: visitorPostId, text: 'My kettle leaks', author: { id: MARC.id } });
  });

  it("files the Page's own comment as outbound in the thread it answers, and opens no conversation for an unknown one", async () => {
    const before = (await conversations()).length;
    const own = delivery({ from: PAGE, commentId: '555000111222333_903', parentId: '555000111222333_901', message: 'We are on it, Jane' });
    expect((await deliver(own)).status).toBe(200);
    const d = await stack.eventually(async () => {
      const x = await detail(janeThread);
      return x.messages.length === 2 ? x : false;
    });
    expect(d.messages[1]).toMatchObject({ direction: 'out', text: 'We are on it, Jane', providerMessageId: '555000111222333_903' });

    const orphan = delivery({ from: PAGE, commentId: '555000111222333_999', parentId: '555000111222333_404', message: 'Answering a comment we never saw' });
    expect((await deliver(orphan)).status).toBe(200);
    const stored = await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: '555000111222333_999' }).first();
    expect(stored).toMatchObject({ direction: 'out', conversation_id: null });
    expect(await stack.services.db('inbound_queue').where({ message_id: stored.id }).first()).toBeUndefined();
    expect(await stack.services.db('conversations').where({ channel_id: channelId, thread_key: `${POST_ID}:page` }).first()).toBeUndefined();
    expect((await conversations()).length).toBe(before);
  });

  it('applies edits (with an audit event), removals and hide/unhide to the stored comment, each once', async () => {
    const edited = delivery({ verb: 'edited', from: JANE, commentId: '555000111222333_901', message: 'Où est ma commande ? #43', created: now() + 1 });
    expect((await deliver(edited)).status).toBe(200);
    expect((await deliver(edited)).status).toBe(200);
    const hidden = delivery({ verb: 'hide', commentId: '555000111222333_901', created: now() + 2 });
    expect((await deliver(hidden)).status).toBe(200);
    const removed = delivery({ verb: 'remove', from: MARC, commentId: '555000111222333_902', parentId: '555000111222333_901', created: now() + 3 });
    expect((await deliver(removed)).status).toBe(200);

    const d = await detail(janeThread);
    expect(d.messages[0]).toMatchObject({ text: 'Où est ma commande ? #43', hidden: true });
    expect(d.messages[0].editedAt).toBeDefined();
    const edits = d.events.filter((e: any) => e.type === 'message.edited');
    expect(edits).toHaveLength(1);
    expect(edits[0].detail).toMatchObject({ previousText: 'Où est ma commande ? #42', text: 'Où est ma commande ? #43' });
    expect(d.events.filter((e: any) => e.type === 'message.hidden')).toHaveLength(1);
    const marc = await threadOf(`${POST_ID}:${MARC.id}`);
    expect((await detail(marc.id)).messages[0]).toMatchObject({ removed: true, text: 'Same here' });

    const unhidden = delivery({ verb: 'unhide', commentId: '555000111222333_901', created: now() + 4 });
    expect((await deliver(unhidden)).status).toBe(200);
    expect((await detail(janeThread)).messages[0].hidden).toBeUndefined();
  });

  it('keeps an edit that arrives before its comment and applies it when the comment comes', async () => {
    const early = delivery({ verb: 'edited', from: JANE, commentId: '555000111222333_950', message: 'edited first', created: now() + 10 });
    expect((await deliver(early)).status).toBe(200);
    expect(await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: '555000111222333_950' }).first()).toBeUndefined();
    const original = delivery({ from: JANE, commentId: '555000111222333_950', message: 'original text', created: now() });
    expect((await deliver(original)).status).toBe(200);
    const stored = await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: '555000111222333_950' }).first();
    expect(stored.text).toBe('edited first');
  });

  it('writes the audit event of an edit applied before its comment was linked once the comment joins its thread', async () => {
    const stored = await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: '555000111222333_950' }).first('id');
    const edits = await stack.eventually(async () => {
      const events = (await detail(janeThread)).events.filter((e: any) => e.type === 'message.edited' && e.detail.messageId === stored.id);
      return events.length ? events : false;
    });
    expect(edits).toHaveLength(1);
    expect(edits[0]).toMatchObject({ actor: { type: 'provider' }, detail: { previousText: 'original text', text: 'edited first' } });
  });

  it("posts an agent's public reply under the customer's latest comment with the documented body", async () => {
    graph.requests.length = 0;
    const res = await stack.request('POST', `/api/conversations/${janeThread}/reply`, { token: stack.adminToken, payload: { text: 'It ships tomorrow.' } });
    expect(res.status).toBe(200);
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0].method).toBe('POST');
    expect(graph.requests[0].url).toBe('/v21.0/555000111222333_950/comments?access_token=page-token');
    expect(graph.requests[0].json).toEqual({ message: 'It ships tomorrow.' });
    const d = await detail(janeThread);
    const out = d.messages.find((m: any) => m.text === 'It ships tomorrow.');
    expect(out).toMatchObject({ direction: 'out', status: 'sent' });

    // Meta then tells us about the Page's comment: the same comment, stored once.
    const count = await messageCount();
    const echo = delivery({ from: PAGE, commentId: out.providerMessageId, parentId: '555000111222333_950', message: 'It ships tomorrow.' });
    expect((await deliver(echo)).status).toBe(200);
    expect(await messageCount()).toBe(count);
  });

  it("stores our public reply once when Meta delivers the Page's comment before Graph answers the send", async () => {
    const replyId = '555000111222333_early77';
    graph.answerOnce(200, { id: replyId });
    graph.beforeAnswer(async (req) => {
      if (req.method !== 'POST' || !req.url.includes('/comments')) return;
      graph.beforeAnswer(undefined);
      const echo = delivery({ from: PAGE, commentId: replyId, parentId: '555000111222333_950', message: 'Sent before the answer.' });
      expect((await deliver(echo)).status).toBe(200);
    });
    const before = await messageCount();
    const res = await stack.request('POST', `/api/conversations/${janeThread}/reply`, { token: stack.adminToken, payload: { text: 'Sent before the answer.' } });
    expect(res.status, res.text).toBe(200);
    expect(await messageCount()).toBe(before + 1);
    const mine = (await detail(janeThread)).messages.filter((m: any) => m.text === 'Sent before the answer.');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ direction: 'out', status: 'sent', providerMessageId: replyId });
    expect(mine[0].author).toMatchObject({ type: 'user' });
  });

  it('hides, unhides and deletes a comment at Graph, recording each on the message', async () => {
    const d = await detail(janeThread);
    const comment = d.messages[0];
    graph.requests.length = 0;
    expect((await stack.request('POST', `/api/messages/${comment.id}/hide`, { token: stack.adminToken })).status).toBe(200);
    expect(graph.requests[0]).toMatchObject({ method: 'POST', url: '/v21.0/555000111222333_901?access_token=page-token', json: { is_hidden: true } });
    expect((await detail(janeThread)).messages[0].hidden).toBe(true);
    expect((await stack.request('POST', `/api/messages/${comment.id}/unhide`, { token: stack.adminToken })).status).toBe(200);
    expect(graph.requests[1].json).toEqual({ is_hidden: false });
    expect((await stack.request('POST', `/api/messages/${comment.id}/delete`, { token: stack.adminToken })).status).toBe(200);
    expect(graph.requests[2]).toMatchObject({ method: 'DELETE', url: '/v21.0/555000111222333_901?access_token=page-token' });
    const after = await detail(janeThread);
    expect(after.messages[0].removed).toBe(true);
    expect(after.events.map((e: any) => e.type)).toEqual(expect.arrayContaining(['message.hidden', 'message.unhidden', 'message.deleted']));
    const again = await stack.request('POST', `/api/messages/${comment.id}/hide`, { token: stack.adminToken });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/deleted/);
  });

  it('sends one private reply per comment, then answers 409 saying so; and 409 after 7 days', async () => {
    const d = await detail(janeThread);
    const comment = d.messages.find((m: any) => m.providerMessageId === '555000111222333_950');
    graph.requests.length = 0;
    const first = await stack.request('POST', `/api/messages/${comment.id}/private-reply`, { token: stack.adminToken, payload: { text: 'Here is your tracking link.' } });
    expect(first.status).toBe(200);
    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0].url).toBe(`/v21.0/${PAGE_ID}/messages?access_token=page-token`);
    expect(graph.requests[0].json).toMatchObject({ recipient: { comment_id: '555000111222333_950' }, message: { text: 'Here is your tracking link.' } });
    const second = await stack.request('POST', `/api/messages/${comment.id}/private-reply`, { token: stack.adminToken, payload: { text: 'Again?' } });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/one private reply per comment/);
    expect(graph.requests).toHaveLength(1);
    expect((await detail(janeThread)).messages.find((m: any) => m.id === comment.id).privateReplySentAt).toBeDefined();

    const old = delivery({ from: JANE, commentId: '555000111222333_960', message: 'an old comment', created: now() - 8 * 24 * 3600 });
    expect((await deliver(old)).status).toBe(200);
    const oldRow = await stack.eventually(async () =>
      (await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: '555000111222333_960' }).first()) ?? false);
    const late = await stack.request('POST', `/api/messages/${oldRow.id}/private-reply`, { token: stack.adminToken, payload: { text: 'Too late' } });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/within 7 days/);
    expect(graph.requests).toHaveLength(1);
  });

  it("keeps a private reply as an outbound message: in the comment's thread while the Page has no Messenger channel", async () => {
    const d = await detail(janeThread);
    const sent = d.messages.filter((m: any) => m.text === 'Here is your tracking link.');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ direction: 'out', status: 'sent', author: { type: 'user' } });
    expect(sent[0].providerMessageId).toMatch(/^m_private_/);
    expect(d.events.find((e: any) => e.type === 'message.private_reply')?.detail).toMatchObject({ text: 'Here is your tracking link.', providerMessageId: sent[0].providerMessageId });
  });

  it("keeps a private reply in the customer's Messenger conversation once the Page's Messenger channel is connected", async () => {
    const messenger = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'messenger', name: 'Kettle Shop Messenger', config: { pageId: PAGE_ID, appSecret: APP_SECRET, verifyToken: 'm-verify', pageAccessToken: 'page-token', apiBaseUrl: `${graph.baseUrl}/v21.0` } },
    });
    expect(messenger.status, messenger.text).toBe(201);
    const comment = delivery({ from: JANE, commentId: '555000111222333_970', message: 'Can you DM me?' });
    expect((await deliver(comment)).status).toBe(200);
    const row = await stack.eventually<{ id: string }>(async () =>
      (await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: '555000111222333_970' }).first('id')) ?? false);
    const res = await stack.request('POST', `/api/messages/${row.id}/private-reply`, { token: stack.adminToken, payload: { text: 'Sent you a DM.' } });
    expect(res.status, res.text).toBe(200);
    const convo = await stack.eventually<{ id: string }>(async () =>
      (await stack.services.db('conversations').where({ channel_id: messenger.body.id, thread_key: 'psid-from-comment' }).first('id')) ?? false);
    const inbox = await stack.eventually(async () => {
      const x = await detail(convo.id);
      return x.messages?.length ? x : false;
    });
    expect(inbox).toMatchObject({ kind: 'private', channelType: 'messenger' });
    expect(inbox.messages).toHaveLength(1);
    expect(inbox.messages[0]).toMatchObject({ direction: 'out', text: 'Sent you a DM.', status: 'sent', providerMessageId: res.body.providerMessageId, author: { type: 'user' } });
    // Not in the public thread: the customer did not see it there.
    expect((await stack.services.db('messages').where({ channel_id: channelId, provider_message_id: res.body.providerMessageId })).length).toBe(0);
  });
});

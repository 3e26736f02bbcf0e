// Connecting channels of every type: the config is checked by the provider's rules with a 400 that
// names what is wrong, secrets never come back, each gets its webhook URL; a LinkedIn channel's
// polling workflow runs from its creation to its deletion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelPollWorkflowId } from '../../workflows/channel-polling.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { startStandIn, type StandIn } from '../support/stand-in-server.js';
import { sandboxHeaders } from '../support/signing.js';

const VALID: Record<string, { config: Record<string, unknown>; secret: string }> = {
  sandbox: { config: { secret: 's3cret' }, secret: 'secret' },
  messenger: { config: { pageId: '111', appSecret: 'a', verifyToken: 'v', pageAccessToken: 't' }, secret: 'pageAccessToken' },
  facebook_page: { config: { pageId: '222', appSecret: 'a', verifyToken: 'v', pageAccessToken: 't' }, secret: 'appSecret' },
  instagram: { config: { instagramAccountId: '17841400000000001', appSecret: 'a', verifyToken: 'v', accessToken: 't' }, secret: 'accessToken' },
  whatsapp: { config: { phoneNumberId: '106540352242922', businessAccountId: '102290129340398', appSecret: 'a', verifyToken: 'v', accessToken: 't' }, secret: 'accessToken' },
  x: { config: { userId: '2244994945', consumerSecret: 'c', accessToken: 't' }, secret: 'consumerSecret' },
  linkedin: { config: { organizationId: '5515715', accessToken: 't', pollSeconds: 300 }, secret: 'accessToken' },
  // Loopback ports where nothing listens: the mailbox's reads fail at once, never leave the machine.
  email: { config: { address: 'support@example.com', imapUrl: 'imap://u:p@127.0.0.1:9', smtpUrl: 'smtp://127.0.0.1:9' }, secret: 'imapUrl' },
};

const WRONG: Record<string, { config: Record<string, unknown>; says: RegExp }> = {
  messenger: { config: { pageId: '111', appSecret: 'a', verifyToken: 'v' }, says: /pageAccessToken/ },
  facebook_page: { config: { pageId: '222', verifyToken: 'v', pageAccessToken: 't' }, says: /appSecret/ },
  instagram: { config: { instagramAccountId: '@kettleshop', appSecret: 'a', verifyToken: 'v', accessToken: 't' }, says: /instagramAccountId/ },
  whatsapp: { config: { ...VALID.whatsapp.config, template: { name: 'Order Update!' } }, says: /template/ },
  x: { config: { userId: '2244994945', accessToken: 't' }, says: /consumerSecret/ },
  linkedin: { config: { organizationId: '5515715', accessToken: 't', pollSeconds: 10 }, says: /pollSeconds must be at least 60/ },
  email: { config: { address: 'not-an-address', imapUrl: 'http://imap.example.com', smtpUrl: 'smtps://smtp.example.com' }, says: /address.*imapUrl/ },
};

describe('connecting channels', () => {
  let stack: ApiStack;
  let linkedin: StandIn;

  beforeAll(async () => {
    stack = await startApiStack();
    linkedin = await startStandIn();
    linkedin.answer(200, { elements: [] });
  });

  afterAll(async () => {
    await stack?.stop();
    await linkedin?.close();
  });

  it('accepts every channel type of the contract, without returning its secrets, with the webhook URL to paste', async () => {
    for (const [type, { config: given, secret }] of Object.entries(VALID)) {
      // The polled channel starts polling at once: at the stand-in, never the real LinkedIn.
      const config = type === 'linkedin' ? { ...given, apiBaseUrl: linkedin.baseUrl } : given;
      const res = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type, name: `My ${type}`, config } });
      expect(res.status, `${type}: ${res.text}`).toBe(201);
      expect(res.body.type).toBe(type);
      expect(res.body.config[secret], type).toBeUndefined();
      expect(res.body.webhookUrl).toBe(`http://switchboard.test/webhooks/${res.body.id}`);
    }
    const list = await stack.request('GET', '/api/channels', { token: stack.adminToken });
    expect(list.body.map((c: any) => c.type).sort()).toEqual(Object.keys(VALID).sort());
  });

  it('answers 400 naming what is wrong in a config', async () => {
    for (const [type, { config, says }] of Object.entries(WRONG)) {
      const res = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type, name: `Bad ${type}`, config } });
      expect(res.status, type).toBe(400);
      expect(res.body.message, type).toMatch(says);
    }
  });

  it("verifies the delivery right after a secret change with the new secret, and refuses any once the channel is deleted", async () => {
    const created = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name: 'Rotated', config: { secret: 'first secret' } } });
    const deliver = (secret: string, id: string) => {
      const body = JSON.stringify({ id, from: { id: 'rotating-customer' }, text: 'hello', kind: 'private' });
      return stack.request('POST', `/webhooks/${created.body.id}`, { payload: body, headers: sandboxHeaders(secret, body) });
    };
    expect((await deliver('first secret', 'r1')).status).toBe(200);
    const changed = await stack.request('PATCH', `/api/channels/${created.body.id}`, { token: stack.adminToken, payload: { config: { secret: 'second secret' } } });
    expect(changed.status, changed.text).toBe(200);
    expect((await deliver('first secret', 'r2')).status).toBe(401);
    expect((await deliver('second secret', 'r3')).status).toBe(200);
    expect((await stack.request('DELETE', `/api/channels/${created.body.id}`, { token: stack.adminToken })).status).toBe(200);
    expect((await deliver('second secret', 'r4')).status).toBe(404);
    const stored = await stack.services.db('messages').where({ channel_id: created.body.id }).orderBy('provider_message_id').pluck('provider_message_id');
    expect(stored).toEqual(['r1', 'r3']);
  });

  it("runs a LinkedIn channel's polling workflow from its creation until it is deleted", async () => {
    const res = await stack.request('POST', '/api/channels', {
      token: stack.adminToken,
      payload: { type: 'linkedin', name: 'Polled', config: { organizationId: '999', accessToken: 't', pollSeconds: 60, apiBaseUrl: linkedin.baseUrl } },
    });
    expect(res.status).toBe(201);
    const handle = stack.services.client.workflow.getHandle(channelPollWorkflowId(res.body.id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await stack.eventually(async () => linkedin.requests.some((r) => r.url.startsWith('/rest/posts?author=urn%3Ali%3Aorganization%3A999')));
    expect((await stack.request('DELETE', `/api/channels/${res.body.id}`, { token: stack.adminToken })).status).toBe(200);
    expect((await handle.describe()).status.name).toBe('TERMINATED');
  });
});

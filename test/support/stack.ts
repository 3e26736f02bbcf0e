// A listening Switchboard serving the built admin UI, for browser tests.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startApiStack } from './api-stack.js';
import { sandboxHeaders } from './signing.js';

const uiDir = fileURLToPath(new URL('../../admin-ui/dist/', import.meta.url));

export async function startStack() {
  if (!existsSync(`${uiDir}index.html`)) throw new Error('admin-ui/dist is not built: npm test builds it (engine/setup/prepare.mjs)');
  const stack = await startApiStack({ listen: true, uiDir });
  const adminEmail = 'browser-admin@example.com';
  const adminPassword = 'browser admin password';
  const created = await stack.request('POST', '/api/users', {
    token: stack.adminToken,
    payload: { email: adminEmail, name: 'Browser Admin', password: adminPassword, role: 'admin' },
  });
  if (created.status !== 201) throw new Error(`could not create the admin: ${created.text}`);
  const secret = 'browser-sandbox-secret';
  const baseUrl = stack.services.server!.info.uri;
  // Webhook URLs the UI shows (the first run's curl) must reach this server.
  stack.services.server!.app.ctx.publicUrl = baseUrl;
  return {
    baseUrl,
    /** The API under the browser: requests as the stack's admin or any user, users of each role. */
    api: stack,
    sandboxSecret: secret,
    adminEmail,
    adminPassword,
    async createSandboxChannel() {
      const res = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name: 'Web chat', config: { secret } } });
      if (res.status !== 201) throw new Error(`could not create the channel: ${res.text}`);
      return { id: res.body.id as string };
    },
    async sendSandboxMessage(channelId: string, body: Record<string, unknown>) {
      const raw = JSON.stringify(body);
      const res = await stack.request('POST', `/webhooks/${channelId}`, { payload: raw, headers: sandboxHeaders(secret, raw) });
      if (res.status !== 200) throw new Error(`webhook refused: ${res.text}`);
      return res.body;
    },
    stop: () => stack.stop(),
  };
}

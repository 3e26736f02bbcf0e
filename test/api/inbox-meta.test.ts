// What the inbox needs beyond the conversations (issue 14): GET /api/meta (the Temporal Web UI
// for admins), the workflow id in an admin's conversation detail, and team members' names for
// agents assigning to a colleague.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';

const SECRET = 'sandbox-secret-for-meta';

describe('inbox meta', () => {
  let stack: ApiStack;
  let agent: { token: string; id: string };

  beforeAll(async () => {
    stack = await startApiStack();
    agent = await stack.userToken('agent');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('tells admins the Temporal namespace and Web UI, and agents no UI', async () => {
    stack.services.server!.app.ctx.temporalUiUrl = 'http://127.0.0.1:8233';
    const asAdmin = await stack.request('GET', '/api/meta', { token: stack.adminToken });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toEqual({ namespace: stack.services.server!.app.ctx.namespace, temporalUiUrl: 'http://127.0.0.1:8233' });
    const asAgent = await stack.request('GET', '/api/meta', { token: agent.token });
    expect(asAgent.body.temporalUiUrl).toBeNull();
    expect((await stack.request('GET', '/api/meta')).status).toBe(401);
  });

  it("gives an admin the conversation's workflow id, not an agent", async () => {
    const channel = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name: 'Meta chat', config: { secret: SECRET } } });
    const body = JSON.stringify({ id: 'meta-1', from: { id: 'meta-customer', name: 'Meta Customer' }, text: 'Hello', kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${channel.body.id}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    const id = await stack.eventually(async () => {
      const list = await stack.request('GET', '/api/conversations', { token: stack.adminToken });
      return list.body.items.find((c: any) => c.contact.name === 'Meta Customer')?.id as string | undefined;
    });
    const asAdmin = await stack.request('GET', `/api/conversations/${id}`, { token: stack.adminToken });
    expect(asAdmin.body.workflowId).toBe(`conversation:${channel.body.id}:meta-customer`);
    const asAgent = await stack.request('GET', `/api/conversations/${id}`, { token: agent.token });
    if (asAgent.status === 200) expect(asAgent.body.workflowId).toBeUndefined();
    else expect(asAgent.status).toBe(403);
  });

  it('lists teams with their members by name, for agents too', async () => {
    const other = await stack.userToken('agent');
    const team = await stack.request('POST', '/api/teams', { token: stack.adminToken, payload: { name: 'Parcels', memberIds: [agent.id, other.id] } });
    expect(team.status).toBe(201);
    const teams = await stack.request('GET', '/api/teams', { token: agent.token });
    expect(teams.status).toBe(200);
    const parcels = teams.body.find((t: any) => t.id === team.body.id);
    const names = new Map([[agent.id, (await stack.request('GET', '/api/me', { token: agent.token })).body.name], [other.id, (await stack.request('GET', '/api/me', { token: other.token })).body.name]]);
    expect(parcels.members.map((m: any) => m.id).sort()).toEqual([agent.id, other.id].sort());
    for (const m of parcels.members) expect(m.name).toBe(names.get(m.id));
  });
});

// Routing through the API: the org's default capacity, an agent's own capacity, and presence that
// wakes conversations waiting for the agent (the engine's own dispatcher, a real Temporal server).
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignByStrategy } from '../../engine/features/routing/assign.js';
import { notifyCapacity, ROUTING_CHANNEL } from '../../engine/features/routing/dispatcher.js';
import { agentAvailableCountQuery, type agentAvailableRecorder } from '../fixtures/workflows/agent-available.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { routingFixtures, type RoutingFixtures } from '../support/routing-fixtures.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('routing API', () => {
  let stack: ApiStack;
  let agent: { token: string; id: string };
  let f: RoutingFixtures;
  const admin = (method: string, url: string, payload?: unknown) => stack.request(method, url, { token: stack.adminToken, payload });

  beforeAll(async () => {
    stack = await startApiStack();
    agent = await stack.userToken('agent');
    f = await routingFixtures(stack.services.db);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('default capacity', () => {
    it('is 10 until an admin sets it', async () => {
      const res = await admin('GET', '/api/settings/routing');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ defaultCapacity: 10 });
    });

    it('is set by an admin and read back', async () => {
      const put = await admin('PUT', '/api/settings/routing', { defaultCapacity: 4 });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({ defaultCapacity: 4 });
      expect((await admin('GET', '/api/settings/routing')).body).toEqual({ defaultCapacity: 4 });
    });

    it('refuses values outside 1–1000, naming the field, and keeps the stored one', async () => {
      for (const payload of [{ defaultCapacity: 0 }, { defaultCapacity: 1001 }, { defaultCapacity: 2.5 }, { defaultCapacity: 'ten' }, {}]) {
        const res = await admin('PUT', '/api/settings/routing', payload);
        expect(res.status, JSON.stringify(payload)).toBe(400);
        expect(res.body.message).toContain('defaultCapacity');
      }
      expect((await admin('GET', '/api/settings/routing')).body).toEqual({ defaultCapacity: 4 });
    });

    it('is for admins only', async () => {
      expect((await stack.request('PUT', '/api/settings/routing', { token: agent.token, payload: { defaultCapacity: 3 } })).status).toBe(403);
      expect((await stack.request('GET', '/api/settings/routing', { token: agent.token })).status).toBe(403);
    });
  });

  describe("an agent's capacity", () => {
    const capacityOf = async (id: string) => (await stack.services.db('users').where({ id }).first('capacity')).capacity;

    it('is set by an admin, and null goes back to the org default', async () => {
      const res = await admin('PATCH', `/api/users/${agent.id}`, { capacity: 3 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: agent.id, role: 'agent', capacity: 3 });
      expect(await capacityOf(agent.id)).toBe(3);

      const reset = await admin('PATCH', `/api/users/${agent.id}`, { capacity: null });
      expect(reset.status).toBe(200);
      expect(reset.body.capacity).toBeNull();
      expect(await capacityOf(agent.id)).toBeNull();
    });

    it('is used by routing instead of the org default', async () => {
      const own = await f.agent({ presence: { status: 'online' } });
      expect((await admin('PATCH', `/api/users/${own}`, { capacity: 1 })).status).toBe(200);
      const results = [];
      for (let i = 0; i < 2; i += 1) {
        results.push(await assignByStrategy(stack.services.db, { conversationId: await f.conversation(), skillSetId: 'sk', target: { userIds: [own] }, strategy: 'balanced' }));
      }
      expect(results.map((r) => Object.keys(r)[0])).toEqual(['assigned', 'waiting']);
    });

    it('refuses anything but an integer 1–1000 or null, naming the field, and changes nothing', async () => {
      await admin('PATCH', `/api/users/${agent.id}`, { capacity: 7 });
      for (const payload of [{ capacity: 0 }, { capacity: 1001 }, { capacity: 1.5 }, { capacity: 'many' }, {}, { capacity: 2, role: 'owner' }]) {
        const res = await admin('PATCH', `/api/users/${agent.id}`, payload);
        expect(res.status, JSON.stringify(payload)).toBe(400);
        expect(res.body.message).toMatch(/capacity|role/);
      }
      expect(await capacityOf(agent.id)).toBe(7);
      const me = await stack.services.db('users').where({ id: agent.id }).first('role');
      expect(me.role).toBe('agent');
    });

    it('answers 404 for an unknown user and 403 to agents', async () => {
      expect((await admin('PATCH', `/api/users/${UNKNOWN_ID}`, { capacity: 2 })).status).toBe(404);
      expect((await stack.request('PATCH', `/api/users/${agent.id}`, { token: agent.token, payload: { capacity: 100 } })).status).toBe(403);
      expect(await capacityOf(agent.id)).toBe(7);
    });
  });

  describe('presence', () => {
    it('tells the dispatchers when an agent becomes online, not on every heartbeat', async () => {
      const pool = stack.services.db.client as { acquireConnection(): Promise<pg.Client>; releaseConnection(c: pg.Client): Promise<void> };
      const listener = await pool.acquireConnection();
      const heard: string[] = [];
      listener.on('notification', (n) => heard.push(n.payload ?? ''));
      await listener.query(`LISTEN ${ROUTING_CHANNEL}`);
      try {
        const presence = (status: string) => stack.request('PUT', '/api/me/presence', { token: agent.token, payload: { status } });
        expect((await presence('online')).status).toBe(200); // never heard from → online: notify
        await presence('online'); // heartbeat: nothing
        await presence('away'); // nothing
        await presence('online'); // back: notify
        // Notifications arrive in commit order: once the marker is heard, everything before it was.
        await notifyCapacity(stack.services.db, 'marker');
        await stack.eventually(async () => heard.includes('marker'));
        expect(heard).toEqual([agent.id, agent.id, 'marker']);
      } finally {
        await listener.query(`UNLISTEN ${ROUTING_CHANNEL}`);
        listener.removeAllListeners('notification');
        await pool.releaseConnection(listener);
      }
    });

    it("wakes the workflow of a conversation waiting for the agent's team when they come online", async () => {
      const taskQueue = `routing-api-${randomUUID()}`;
      const worker = await Worker.create({
        connection: stack.env.nativeConnection,
        taskQueue,
        workflowsPath: fileURLToPath(new URL('../fixtures/workflows/agent-available.ts', import.meta.url)),
      });
      await worker.runUntil(async () => {
        const late = await stack.userToken('agent');
        await stack.request('PUT', '/api/me/presence', { token: late.token, payload: { status: 'offline' } });
        await f.setPresence(late.id, 'offline', 600);
        const team = await f.team([late.id]);
        const workflowId = `recorder-${randomUUID()}`;
        const handle = await stack.env.client.workflow.start<typeof agentAvailableRecorder>('agentAvailableRecorder', { taskQueue, workflowId });
        const convo = await f.conversation({ workflowId });
        expect(await assignByStrategy(stack.services.db, { conversationId: convo, skillSetId: 'sk', target: { teamId: team }, strategy: 'roundRobin' })).toHaveProperty('waiting');
        expect(await handle.query(agentAvailableCountQuery)).toBe(0);

        expect((await stack.request('PUT', '/api/me/presence', { token: late.token, payload: { status: 'online' } })).status).toBe(200);
        await stack.eventually(async () => (await handle.query(agentAvailableCountQuery)) >= 1);
        await handle.terminate();
      });
    });
  });
});

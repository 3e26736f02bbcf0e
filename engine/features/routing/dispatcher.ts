// Wakes conversations waiting for an agent when one may take them: an agent came online, or a
// conversation left an agent's load. Callers NOTIFY `routing_capacity` with the agent's id (any
// process may; every dispatcher hears it); the dispatcher signals `agentAvailable` to the oldest
// waiting conversations that agent could take, as many as they have free capacity. The workflow
// then routes again with its skill set's strategy (assignByStrategy), which decides who gets it.
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { agentAvailableSignal } from '../../../workflows/shared.js';
import type { Db } from '../../platform/database.js';
import { listen } from '../../platform/listen.js';
import { databaseNow, loadAgents } from './agents.js';
import { routingEligibility } from './eligibility.js';

export const ROUTING_CHANNEL = 'routing_capacity';
/** Payload asking every dispatcher to look at every agent (e.g. the org default capacity rose). */
const EVERYONE = '*';

/** Tells the dispatchers that `userId` may have capacity now. Outside a transaction, or after it commits. */
export async function notifyCapacity(db: Db, userId: string): Promise<void> {
  await db.raw('SELECT pg_notify(?, ?)', [ROUTING_CHANNEL, userId]);
}

/** Tells the dispatchers to look at every agent who could take a waiting conversation. */
export async function notifyCapacityEveryone(db: Db): Promise<void> {
  await db.raw('SELECT pg_notify(?, ?)', [ROUTING_CHANNEL, EVERYONE]);
}

export interface RoutingDispatcherOptions {
  db: Db;
  client: Client;
  logger: Logger;
  /** For the LISTEN connection; default: the one `db` was made with. */
  databaseUrl?: string;
  /** Notifications within this window are handled as one batch. */
  debounceMs?: number;
  /** Also look at every agent this often: covers a notification lost while LISTEN reconnects. */
  sweepMs?: number;
}

export interface RoutingDispatcher {
  stop(): Promise<void>;
  /** Resolves once the dispatcher listens (notifications sent before may be missed until the next sweep). */
  ready(): Promise<void>;
  /** Resolves once nothing is queued or being handled (tests, orderly shutdown). */
  settled(): Promise<void>;
}

interface Waiting {
  id: string;
  workflow_id: string;
}

export function startRoutingDispatcher(o: RoutingDispatcherOptions): RoutingDispatcher {
  const debounceMs = o.debounceMs ?? 100;
  const sweepMs = o.sweepMs ?? 30_000;
  const log = o.logger.child({ component: 'routing-dispatcher' });

  let stopped = false;
  const queued = new Set<string>();
  let everyone = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  function enqueue(payload: string) {
    if (stopped) return;
    if (payload === EVERYONE) everyone = true;
    else queued.add(payload);
    if (!timer && !running) timer = setTimeout(() => void run(), debounceMs);
  }

  async function run() {
    timer = undefined;
    running = (async () => {
      const users = [...queued];
      const all = everyone;
      queued.clear();
      everyone = false;
      try {
        await dispatch(all ? await usersWithWaitingWork() : users);
      } catch (err) {
        log.error({ err }, 'routing dispatch failed');
      }
    })();
    await running;
    running = undefined;
    // Notifications that came in meanwhile: their own batch.
    if ((queued.size || everyone) && !stopped) timer = setTimeout(() => void run(), debounceMs);
  }

  /** Every agent who could take some waiting conversation. */
  async function usersWithWaitingWork(): Promise<string[]> {
    const { rows } = await o.db.raw<{ rows: { user_id: string }[] }>(
      `SELECT DISTINCT m.user_id::text AS user_id
         FROM conversations c JOIN team_members m ON m.team_id::text = c.routing_target->>'teamId'
        WHERE c.routing_waiting_since IS NOT NULL AND c.status <> 'done' AND c.assignee_user_id IS NULL
       UNION
       SELECT DISTINCT u.id::text
         FROM conversations c, jsonb_array_elements_text(c.routing_target->'userIds') AS t(user_id)
         JOIN users u ON u.id::text = t.user_id
        WHERE c.routing_waiting_since IS NOT NULL AND c.status <> 'done' AND c.assignee_user_id IS NULL`,
    );
    return rows.map((r) => r.user_id);
  }

  async function dispatch(userIds: string[]) {
    const agents = await loadAgents(o.db, userIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)));
    const now = await databaseNow(o.db);
    // One conversation is woken once per batch: two agents back at once take the two oldest.
    const woken: string[] = [];
    for (const agent of agents) {
      const verdict = routingEligibility(agent, now);
      if (!verdict.eligible) continue;
      const { rows } = await o.db.raw<{ rows: Waiting[] }>(
        `SELECT c.id, c.workflow_id FROM conversations c
          WHERE c.routing_waiting_since IS NOT NULL AND c.status <> 'done' AND c.assignee_user_id IS NULL
            AND (c.routing_target->>'teamId' IN (SELECT team_id::text FROM team_members WHERE user_id = :userId)
                 OR c.routing_target->'userIds' @> to_jsonb(ARRAY[:userId::text]))
            AND NOT (c.id = ANY(:woken::uuid[]))
          ORDER BY c.routing_waiting_since, c.id
          LIMIT :free`,
        { userId: agent.userId, woken, free: verdict.free },
      );
      for (const w of rows) {
        woken.push(w.id);
        try {
          await o.client.workflow.getHandle(w.workflow_id).signal(agentAvailableSignal);
        } catch (err) {
          // A workflow that ended or never started cannot route; the others still can.
          log.warn({ err, conversationId: w.id, workflowId: w.workflow_id }, 'routing: cannot signal agentAvailable');
        }
      }
      if (rows.length) log.debug({ userId: agent.userId, conversations: rows.length }, 'routing: woke waiting conversations');
    }
  }

  // An agent freed in any process wakes the waiting ones; on (re)connecting, everyone is looked
  // at once for what was freed while not listening.
  const listener = listen({
    db: o.db,
    databaseUrl: o.databaseUrl,
    channel: ROUTING_CHANNEL,
    logger: log,
    onNotification: (payload) => {
      if (payload) enqueue(payload);
    },
    onListening: () => enqueue(EVERYONE),
  });
  const sweep = setInterval(() => enqueue(EVERYONE), sweepMs);
  sweep.unref();

  return {
    ready: () => listener.ready(),
    async settled() {
      while (timer || running) {
        if (running) await running;
        else await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      clearTimeout(timer);
      timer = undefined;
      await running;
      await listener.stop();
    },
  };
}

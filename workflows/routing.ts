// Skill-set routing as the workflow asks for it: the state class plans what routing may do, the
// routing activity picks the agent and writes the planned transition with its capacity claim (one
// transaction, so no agent goes over capacity), and the workflow commits the same transition.
import { status as hoursStatus } from '../rules/business-hours/index.js';
import { durable } from './proxies.js';
import { nowIso, type Run } from './run.js';

/** Routes by the skill sets (or, with `retry`, the target it waits for) and takes in where the
 * conversation went. */
export async function route(run: Run, retry: boolean, at = nowIso()): Promise<void> {
  const plan = run.convo.planRouting();
  if (!plan) return;
  const conversationId = run.current().conversationId;
  const result = await durable.routeConversation({ conversationId, at, ...(retry ? { retry } : {}), plan });
  const t = run.convo.planRouted(plan, result, retry);
  // Waiting for an agent is no activity: the auto-resolve timers keep counting.
  if (t) run.committed(t, result.outcome === 'assigned' ? at : undefined);
}

/** Outside business hours with routing "atOpening", routing waits for the opening. */
export async function routeOrDefer(run: Run): Promise<void> {
  const hours = run.settings?.businessHours;
  if (hours && hours.outsideHours.routing === 'atOpening') {
    const now = hoursStatus(hours, new Date());
    if (!now.open) {
      const opensAt = now.nextOpenAt;
      if (opensAt) run.convo.update((state) => (state.routeAt = opensAt.toISOString()));
      return;
    }
  }
  await route(run, false);
}

// The conversation's timers (auto-resolve, routing at opening, the offline assignee, the CSAT
// timeout): one deadline at a time, computed from the state and the settings (deadlines.ts); each
// is recorded at the instant it was due (the timer fires then; the task that runs it may start a
// few milliseconds later).
import { sendSurvey, surveyTimedOut } from './csat.js';
import { nextDeadline, type Deadline } from './deadlines.js';
import { checkAssignee } from './presence.js';
import { durable } from './proxies.js';
import { route, routeOrDefer } from './routing.js';
import type { Run } from './run.js';
import { endScript, scriptTimedOut } from './scripts.js';

async function onDeadline(run: Run, d: Deadline): Promise<void> {
  const s = run.current();
  const at = new Date(d.at).toISOString();
  switch (d.kind) {
    case 'autoResolveNew':
    case 'autoResolvePending': {
      const queue = d.kind === 'autoResolveNew' ? 'new' : 'pending';
      await endScript(run, 'resolved', at);
      await run.persist(run.convo.planAutoResolve(queue, run.settings!.autoResolve[queue]!), durable, at);
      await sendSurvey(run);
      return;
    }
    case 'routeAtOpening':
      run.convo.update((state) => delete state.routeAt);
      if (s.status === 'unassigned' && !s.assignee.userId && !s.assignee.teamId) await route(run, false, at);
      return;
    case 'unassignCheck':
      run.convo.update((state) => delete state.unassignCheck);
      if ((await checkAssignee(run, d.at)) && run.rules.skillSets) await routeOrDefer(run);
      return;
    case 'csatTimeout':
      await surveyTimedOut(run, s.csat!.responseId, at);
      return;
    case 'scriptTimeout':
      await scriptTimedOut(run, d.at);
      return;
  }
}

/** Runs every timer that is due, under the lock (the state may have moved while it waited). */
export async function runDueTimers(run: Run): Promise<void> {
  for (;;) {
    const ran = await run.lock.runExclusive(async () => {
      const d = nextDeadline(run.convo.snapshot(), run.settings);
      if (!d || d.at > Date.now()) return false;
      await onDeadline(run, d);
      run.progressed = true;
      return true;
    });
    if (!ran) return;
  }
}

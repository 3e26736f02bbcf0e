// The lifecycle of one conversation (one thread of one channel) as an entity workflow
// (product.md, "Queues and states" and "Timers and windows").
//
// Started by the relay with signal-with-start; the inbound signal only queues recorded messages and
// the loop links them (coalesced) to the conversation (customer-messages.ts). Agent actions are
// updates wired to the state class (handlers.ts); every transition, whoever causes it, is decided
// by the state class (conversation-state.ts) and persisted by one activity. Every timer is one
// deadline computed from the state and the settings on each turn of the loop (timers.ts), in
// workflow time. The run continues as new before its history grows large, carrying its state and
// any messages not yet linked.
import { allHandlersFinished, condition, continueAsNew, patched, sleep, workflowInfo } from '@temporalio/workflow';
import { drain } from './customer-messages.js';
import { LazyTimer } from './lazy-timer.js';
import { nextDeadline } from './deadlines.js';
import { setHandlers } from './handlers.js';
import { route } from './routing.js';
import { Run } from './run.js';
import { runDueTimers } from './timers.js';
import type { ConversationInput } from './shared.js';

export const DEFAULT_HISTORY_LIMIT = 2000;

export async function conversationWorkflow(input: ConversationInput): Promise<void> {
  const run = new Run(input);
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  setHandlers(run);

  const continueAsNewDue = (): boolean => {
    // Only a run that has done something continues as new, so a tiny limit cannot loop; and the
    // carried-over messages of a fresh run are linked first (the state must be known).
    // Follow-ups and a pending wake-up are closures and flags: finish them in this run.
    if (!run.progressed || !run.convo.known || run.followUps.length > 0 || run.agentAvailable || run.queuedSends > 0) return false;
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= historyLimit;
  };

  /** The deadline the loop is waiting for; a handler that moves it (a state change) wakes the loop. */
  let waitingFor: number | undefined;
  const deadlineMoved = (): boolean => nextDeadline(run.convo.snapshot(), run.settings)?.at !== waitingFor;
  const hasWork = (): boolean =>
    run.inbox.length > 0 ||
    run.followUps.length > 0 ||
    (run.settingsStale && run.convo.known) ||
    run.agentAvailable ||
    deadlineMoved() ||
    continueAsNewDue();

  // Runs started before the lazy timer keep re-arming a timer on every wake (their histories say so).
  const timer = patched('lazy-timer') ? new LazyTimer() : undefined;
  for (;;) {
    const due = nextDeadline(run.convo.snapshot(), run.settings);
    waitingFor = due?.at;
    if (!due) await condition(hasWork);
    else if (due.at > Date.now() && timer) {
      timer.armFor(due.at);
      await condition(() => timer.fired || hasWork());
    } else if (due.at > Date.now()) await condition(hasWork, Math.max(1, due.at - Date.now()));
    if (continueAsNewDue()) break;
    if (run.settingsStale && run.convo.known) await run.reloadSettings();
    if (run.inbox.length > 0) await drain(run);
    if (run.followUps.length > 0 && patched('answer-before-follow-ups')) {
      // An update's answer leaves with the workflow task that completes it, and a local activity
      // holds that task open: the follow-ups (automations on the action, the survey) start in the
      // next task, so the agent is answered first (under a burst, the first assignment of
      // `npm run bench` waited 1–2 s for its follow-up's evaluation).
      await sleep(1);
    }
    while (run.followUps.length > 0) await run.lock.runExclusive(run.followUps.shift()!);
    if (run.agentAvailable && run.convo.known) {
      run.agentAvailable = false;
      if (run.current().routingWaiting) await run.lock.runExclusive(() => route(run, true));
    }
    await runDueTimers(run);
  }

  await condition(allHandlersFinished);
  await continueAsNew<typeof conversationWorkflow>({
    ref: input.ref,
    state: run.convo.snapshot() ?? undefined,
    ...(run.convo.kind ? { kind: run.convo.kind } : {}),
    pending: run.inbox,
    historyLimit: input.historyLimit,
  });
}

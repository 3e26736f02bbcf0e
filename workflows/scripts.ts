// Autoresponder scripts in the conversation workflow (documents.md "Scripts"). The pure step
// machine (rules/script-machine.ts) decides; this module carries out its effects: sends under the
// standard window, the answers and `script.*` events written by one activity, the question's
// timeout as a deadline of the snapshot (deadlines.ts), and the handover or resolve through the
// state class.
//
// Replay stays stable: the script chosen (its published document and version), the facts its
// branches see and the answers' texts all come from activities, recorded in the history; the
// running script (document, machine state, timeout) lives in the snapshot, carried across
// continue-as-new, so a later publish never changes a script that already started.
import type { ScriptEndReason, ScriptTurn } from '../rules/script-machine.js';
import { answerScript, startScript, timeoutScript } from '../rules/script-machine.js';
import type { ConversationActivities, ScriptRef, ScriptWrite } from './activities.js';
import { trySendAutomated } from './automated-sends.js';
import { sendSurvey } from './csat.js';
import { durable } from './proxies.js';
import { routeOrDefer } from './routing.js';
import { nowIso, type Run } from './run.js';
import type { Actor, InboundItem, RunningScript } from './shared.js';

const refOf = (sc: RunningScript): ScriptRef => ({ id: sc.id, name: sc.name, version: sc.version });

/** The author of a script's messages and the actor of its events. */
export const scriptActor = (sc: ScriptRef): Actor => ({ type: 'script', id: sc.id, name: sc.name, version: sc.version });

/** A script may start: private, unassigned with nobody on it, and none running. */
function mayStart(run: Run): boolean {
  const s = run.current();
  return run.convo.kind === 'private' && s.status === 'unassigned' && !s.assignee.userId && !s.assignee.teamId && !s.script;
}

/** Nobody took the conversation while the script ran (an automation's assign or resolve did). */
function stillUnassigned(run: Run): boolean {
  const s = run.current();
  return s.status === 'unassigned' && !s.assignee.userId && !s.assignee.teamId;
}

/**
 * The customer's messages, after the automations: a running script takes them as answers; on a
 * new or reopened thread a script may start. True when a script started or took the messages
 * (then the caller neither sends the out-of-hours message nor routes: the script's handover does).
 */
export async function scriptOnCustomerMessages(run: Run, m: { startsOn: boolean; customer: InboundItem[] }): Promise<boolean> {
  if (run.current().script) {
    if (!stillUnassigned(run)) {
      // an automation assigned or resolved it: the script ends as if it had handed over
      await endScript(run, run.current().status === 'done' ? 'resolved' : 'handover');
      return false;
    }
    for (const item of m.customer) {
      const sc = run.current().script;
      if (!sc || sc.state.status !== 'waiting' || run.scriptHalted) break;
      const at = nowIso();
      const { facts } = await durable.scriptFacts({ conversationId: run.current().conversationId, messageId: item.messageId, at });
      const text = facts['message.text'];
      await carryOut(run, answerScript(sc.document, sc.state, typeof text === 'string' ? text : '', facts), [], at);
    }
    return true;
  }
  if (!m.startsOn || !run.rules.scripts || !mayStart(run)) return false;
  const at = nowIso();
  const last = m.customer[m.customer.length - 1]!;
  const selected = await durable.selectScript({ conversationId: run.current().conversationId, messageId: last.messageId, at });
  if (!selected.script) return false;
  const { document, ...ref } = selected.script;
  run.scriptHalted = false;
  const turn = startScript(document, selected.facts);
  run.convo.update((state) => {
    state.script = { ...ref, document, state: turn.state };
  });
  await carryOut(run, turn, [{ type: 'started' }], at);
  return true;
}

/** The waiting question's timeout came (`due`: its instant, when its events are dated). */
export async function scriptTimedOut(run: Run, due: number): Promise<void> {
  const sc = run.current().script;
  if (!sc) return;
  const at = new Date(due).toISOString();
  run.convo.update((state) => delete state.script?.dueAt);
  const { facts } = await durable.scriptFacts({ conversationId: run.current().conversationId, at });
  await carryOut(run, timeoutScript(sc.document, sc.state, facts), [], at);
}

/**
 * Ends the running script without going on (an agent acted: `agent`; an automation or a timer
 * assigned or resolved the conversation): `script.ended`, and the conversation's script cleared.
 */
export async function endScript(
  run: Run,
  reason: ScriptEndReason,
  at = nowIso(),
  activities: Pick<ConversationActivities, 'recordScript'> = durable,
): Promise<void> {
  const sc = run.current().script;
  run.scriptHalted = false;
  if (!sc) return;
  await activities.recordScript({
    conversationId: run.current().conversationId,
    script: refOf(sc),
    at,
    writes: [{ type: 'ended', stepId: sc.state.stepId, reason }],
    running: null,
  });
  run.convo.update((state) => delete state.script);
}

/** Carries out one turn of the machine, in order. An agent who acts meanwhile (`scriptHalted`)
 * stops it before the next effect: a send in flight is not followed by anything. */
async function carryOut(run: Run, turn: ScriptTurn, leading: ScriptWrite[], at: string): Promise<void> {
  if (run.scriptHalted) return;
  const sc = run.current().script!;
  const actor = scriptActor(sc);
  const conversationId = run.current().conversationId;
  run.convo.update((state) => {
    state.script = { ...state.script!, state: turn.state };
    delete state.script.dueAt;
  });
  let writes = leading;
  const flush = async (running: { stepId: string } | null) => {
    await durable.recordScript({ conversationId, script: refOf(sc), at, writes, running });
    writes = [];
  };
  for (const effect of turn.effects) {
    if (run.scriptHalted) return;
    switch (effect.type) {
      case 'send': {
        if (writes.length > 0) await flush({ stepId: turn.state.stepId });
        if (run.scriptHalted) return;
        const sent = await trySendAutomated(run, actor, { text: effect.text });
        if (run.scriptHalted) return;
        if (!sent.sent) {
          // the standard window is closed (or the channel refused): a person takes over
          writes.push({
            type: 'ended',
            stepId: effect.stepId,
            reason: 'window',
            detail: { why: sent.why, ...(sent.reason ? { error: sent.reason } : {}) },
          });
          await finish(run, sc, { reason: 'window', handover: true }, flush, at);
          return;
        }
        break;
      }
      case 'answered':
        writes.push({ type: 'answered', stepId: effect.stepId, attribute: effect.attribute, value: effect.value });
        break;
      case 'setAttribute':
        writes.push({ type: 'setAttribute', stepId: effect.stepId, key: effect.key, value: effect.value });
        break;
      case 'invalidAnswer':
        writes.push({ type: 'invalidAnswer', stepId: effect.stepId, attempt: effect.attempt });
        break;
      case 'ask': {
        const dueAt = new Date(Date.now() + effect.timeoutSeconds * 1000).toISOString();
        run.convo.update((state) => {
          if (state.script) state.script = { ...state.script, dueAt };
        });
        break;
      }
      case 'end':
        writes.push({ type: 'ended', stepId: effect.stepId, reason: effect.reason });
        await finish(run, sc, effect, flush, at);
        return;
      case 'timedOut':
      case 'branched':
        break;
    }
  }
  await flush({ stepId: turn.state.stepId });
}

/** The script ended by itself: written, cleared, then the conversation handed over or resolved. */
async function finish(
  run: Run,
  sc: RunningScript,
  end: { reason: ScriptEndReason; handover: boolean; teamId?: string; reasonId?: string },
  flush: (running: null) => Promise<void>,
  at: string,
): Promise<void> {
  await flush(null);
  run.convo.update((state) => delete state.script);
  const actor = scriptActor(sc);
  if (end.reason === 'resolved') {
    const t = run.convo.planAutomationResolve({ actor, ...(end.reasonId ? { reasonId: end.reasonId } : {}) });
    if (t) {
      await run.persist(t, durable, at);
      if (!t.auditOnly) {
        await sendSurvey(run);
        return;
      }
    }
    // a resolve held back by a mandatory reason leaves the conversation to a person
  }
  if (end.teamId) {
    const t = run.convo.planAutomationAssign({ actor, teamId: end.teamId }, undefined);
    if (t) await run.persist(t, durable, at);
    return;
  }
  // the script was the autoresponder of this message: no out-of-hours message besides it
  if (run.rules.skillSets && stillUnassigned(run)) await routeOrDefer(run);
}

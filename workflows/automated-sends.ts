// Messages the workflow sends on its own initiative (automations' saved replies, the out-of-hours
// message), within the channel's standard window. They never fail the workflow: a message that
// cannot go is logged and left recorded as not sent.
import { ActivityFailure, isCancellation, log, patched, uuid4 } from '@temporalio/workflow';
import { status as hoursStatus } from '../rules/business-hours/index.js';
import { windowOpen } from './conversation-state.js';
import { channel, durable } from './proxies.js';
import { queueSend, rateLimited } from './queued-sends.js';
import type { Run } from './run.js';
import type { Actor } from './shared.js';

export const SYSTEM: Actor = { type: 'system' };

/** The reason a send failed, as the channel (or the activity) put it. */
export function sendFailureReason(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** How an automated send went: sent; refused because the standard window is closed; not
 * recorded (nothing to send); or refused by the channel (`reason` says why). */
export type AutomatedSend = { sent: true } | { sent: false; why: 'window' | 'nothing' | 'channel'; reason?: string };

/** Records and sends an automated message within the channel's standard window; false when it
 * could not be sent (window closed, nothing to send, the channel refused). Never throws. */
export async function sendAutomated(run: Run, actor: Actor, content: { text?: string; savedReplyId?: string }): Promise<boolean> {
  return (await trySendAutomated(run, actor, content)).sent;
}

/** sendAutomated, saying why a message did not go. */
export async function trySendAutomated(run: Run, actor: Actor, content: { text?: string; savedReplyId?: string }): Promise<AutomatedSend> {
  const s = run.current();
  if (!windowOpen(s, actor, Date.now())) return { sent: false, why: 'window' };
  const outboundId = uuid4();
  const recorded = await durable.recordAutomated({ conversationId: s.conversationId, outboundId, actor, ...content });
  if (!recorded.recorded) return { sent: false, why: 'nothing', ...(recorded.reason ? { reason: recorded.reason } : {}) };
  try {
    await channel.sendOutbound({ outboundId });
    return { sent: true };
  } catch (err) {
    if (isCancellation(err)) throw err;
    const limit = rateLimited(err);
    if (limit && patched('queued-send')) {
      queueSend(run, outboundId, limit.retryAfterSeconds);
      return { sent: true };
    }
    const reason = sendFailureReason(err);
    log.warn('automated message not sent', { outboundId, reason });
    return { sent: false, why: 'channel', reason };
  }
}

/** The out-of-hours message, at most once per conversation per closed period. */
export async function outOfHours(run: Run): Promise<void> {
  const hours = run.settings?.businessHours;
  if (!hours?.outsideHours.messageText) return;
  const now = hoursStatus(hours, new Date());
  if (now.open) return;
  const period = now.nextOpenAt?.toISOString() ?? 'never';
  if (run.current().outOfHoursSentFor === period) return;
  run.convo.update((state) => (state.outOfHoursSentFor = period));
  await sendAutomated(run, SYSTEM, { text: hours.outsideHours.messageText });
}

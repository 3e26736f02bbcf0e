// The CSAT survey (product.md, "CSAT"): sent after a resolution when an agent took part, answered
// by the customer's next messages, closed unanswered when its time runs out.
import { isCancellation, log, uuid4 } from '@temporalio/workflow';
import { windowOpen } from './conversation-state.js';
import { channel, durable } from './proxies.js';
import { nowIso, type Run } from './run.js';
import { SYSTEM, sendFailureReason } from './automated-sends.js';
import type { InboundItem } from './shared.js';

/** After any resolution: the channel's CSAT survey, when an agent took part in the conversation. */
export async function sendSurvey(run: Run): Promise<void> {
  const s = run.current();
  const csat = run.settings?.csat;
  if (!csat || !s.repliedSinceOpen || !windowOpen(s, SYSTEM, Date.now())) return;
  const outboundId = uuid4();
  const at = nowIso();
  const { responseId } = await durable.recordSurvey({ conversationId: s.conversationId, surveyId: csat.surveyId, outboundId, at });
  if (!responseId) return;
  try {
    await channel.sendOutbound({ outboundId });
  } catch (err) {
    if (isCancellation(err)) throw err;
    await durable.closeSurvey({ responseId, at: nowIso() });
    return;
  }
  const expiresAt = new Date(Date.parse(at) + csat.timeoutSeconds * 1000).toISOString();
  run.convo.update((state) => {
    state.csat = { responseId, expiresAt };
  });
}

/** The customer wrote while a survey waited: true when it answered it (the conversation stays
 * done); anything else closes the survey and the messages go on as usual. */
export async function answerSurvey(run: Run, responseId: string, customer: InboundItem[]): Promise<boolean> {
  run.convo.update((state) => delete state.csat);
  const thanksOutboundId = uuid4();
  const answer = await durable.answerSurvey({
    responseId,
    messageIds: customer.map((item) => item.messageId),
    thanksOutboundId,
    at: nowIso(),
  });
  if (!answer.answered) return false;
  await channel.sendOutbound({ outboundId: thanksOutboundId }).catch((err: unknown) => {
    if (isCancellation(err)) throw err;
    log.warn('CSAT thanks not sent', { reason: sendFailureReason(err) });
  });
  return true;
}

/** No answer in time. */
export async function surveyTimedOut(run: Run, responseId: string, at: string): Promise<void> {
  run.convo.update((state) => delete state.csat);
  await durable.closeSurvey({ responseId, at });
}

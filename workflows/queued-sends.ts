// Sends a provider's rate limit held back. The message is recorded and stays `pending`; the agent's
// reply is answered at once, and the send goes on in the background of the run, once the
// provider's limit has reset, through an activity retried for hours (proxies.ts, `queued`).
import { ActivityFailure, ApplicationFailure, isCancellation, log, sleep } from '@temporalio/workflow';
import { queued } from './proxies.js';
import type { Run } from './run.js';

/** The failure type the send activity gives a rate-limited attempt. */
export const RATE_LIMITED = 'RateLimited';

/** What the send activity raised: an ordinary activity's failure comes wrapped in an
 * ActivityFailure, a local one's (an agent's reply, proxies.ts) as it was thrown. */
export function sendFailure(err: unknown): ApplicationFailure | undefined {
  if (err instanceof ActivityFailure) return err.cause instanceof ApplicationFailure ? err.cause : undefined;
  return err instanceof ApplicationFailure ? err : undefined;
}

/** When a send failed only on the provider's rate limit: how long until it resets, when known. */
export function rateLimited(err: unknown): { retryAfterSeconds?: number } | undefined {
  const failure = sendFailure(err);
  if (failure?.type !== RATE_LIMITED) return undefined;
  const detail = failure.details?.[0] as { retryAfterSeconds?: number | null } | undefined;
  const seconds = detail?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? { retryAfterSeconds: seconds } : {};
}

/** Sends `outboundId` once the limit has reset; the run does not continue as new meanwhile. */
export function queueSend(run: Run, outboundId: string, retryAfterSeconds?: number): void {
  run.queuedSends++;
  void (async () => {
    try {
      if (retryAfterSeconds) await sleep(retryAfterSeconds * 1000);
      await queued.sendOutbound({ outboundId });
    } catch (err) {
      // The activity recorded why on the message (failed for good, or the last rate-limit answer).
      if (!isCancellation(err)) log.warn('queued message not sent', { outboundId, reason: err instanceof Error ? err.message : String(err) });
    } finally {
      run.queuedSends--;
    }
  })();
}

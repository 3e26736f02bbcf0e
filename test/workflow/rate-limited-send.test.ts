// A reply the provider's rate limit holds back (X: 15 minutes until its window resets), on the
// time-skipping test server with the send activity stubbed as the real one fails a 429.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { replyUpdate, type Actor } from '../../workflows/shared.js';
import { customerMessage, deliver, eventually, known, newRef, now, stubActivities, useTimeSkippingEnv, withWorker } from '../support/workflow-harness.js';

const alice: Actor = { type: 'user', id: 'user-alice', name: 'Alice' };
const MINUTE = 60_000;
const temporal = useTimeSkippingEnv();

/** What the send activity throws on X's 429 with x-rate-limit-reset 15 minutes ahead: not retried
 * when it runs as an agent's reply (a local activity), retried after the reset when queued. */
const rateLimited = () =>
  ApplicationFailure.create({
    type: 'RateLimited', message: 'Too Many Requests', details: [{ retryAfterSeconds: 900 }], nextRetryDelay: '900 seconds', nonRetryable: Context.current().info.isLocal,
  });

describe('a rate-limited reply', () => {
  it('is answered at once as replied, and sent once the 15-minute limit has reset, not before', async () => {
    let limited = true;
    const stub = stubActivities({
      send: async ({ outboundId }) => {
        if (limited) throw rateLimited();
        return { providerMessageId: `dm-${outboundId}` };
      },
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      const state = await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'We are on it' }] });
      expect(state.repliedSinceOpen).toBe(true);
      const outboundId = stub.calls.recordOutbound[0]!.outboundId;
      expect(stub.calls.sendOutbound).toEqual([{ outboundId }]);
      expect(stub.events().map((e) => e.type)).toContain('message.sent');

      // The limit holds for a while yet: nothing is tried before it resets.
      await temporal.env().sleep(14 * MINUTE);
      expect(stub.calls.sendOutbound).toHaveLength(1);
      limited = false;
      await temporal.env().sleep(2 * MINUTE);
      await eventually(async () => stub.calls.sendOutbound.length, (n) => n === 2, 'the send after the reset');
      expect(stub.calls.sendOutbound).toEqual([{ outboundId }, { outboundId }]);
    });
  });

  it('keeps retrying a limit that lasts longer than announced, past the old two-minute cut-off', async () => {
    let refusals = 0;
    const stub = stubActivities({
      send: async ({ outboundId }) => {
        if (++refusals <= 3) throw rateLimited();
        return { providerMessageId: `dm-${outboundId}` };
      },
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Still on it' }] });
      for (let i = 0; i < 3; i++) await temporal.env().sleep(16 * MINUTE);
      await eventually(async () => stub.calls.sendOutbound.length, (n) => n === 4, 'the fourth attempt');
    });
  });
});

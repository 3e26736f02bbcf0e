// Channels without push (LinkedIn Page comments, e-mail over IMAP): one workflow per channel polls the provider on
// the channel's schedule, in workflow time, and records what is new through the same path as a
// webhook. The cursor (the newest comment recorded) lives in the workflow's state.
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';

export interface ChannelPollInput {
  channelId: string;
  /** ISO instant of the newest message recorded so far; older ones are known already. */
  cursor?: string;
}

export interface ChannelPollResult {
  /** The channel is gone (deleted, or no longer a polled type): the workflow ends. */
  stop?: boolean;
  cursor?: string;
  /** Seconds until the next poll, from the channel's config at this moment. */
  pollSeconds: number;
  recorded: number;
}

export interface ChannelPollActivities {
  pollChannel(input: ChannelPollInput): Promise<ChannelPollResult>;
}

export const channelPollWorkflowId = (channelId: string) => `channel-poll:${channelId}`;

// A provider that is down or throttling keeps the poll in its retries (never a failed workflow).
const provider = proxyActivities<ChannelPollActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
});

/** Polls until the channel is gone; continues as new now and then to keep its history short. */
export async function channelPollWorkflow(input: ChannelPollInput): Promise<void> {
  let cursor = input.cursor;
  for (let round = 0; round < 200; round++) {
    const result = await provider.pollChannel({ channelId: input.channelId, ...(cursor ? { cursor } : {}) });
    if (result.stop) return;
    cursor = result.cursor ?? cursor;
    // 0: the round already waited for news (IMAP IDLE).
    if (result.pollSeconds > 0) await sleep(result.pollSeconds * 1000);
  }
  await continueAsNew<typeof channelPollWorkflow>({ channelId: input.channelId, ...(cursor ? { cursor } : {}) });
}

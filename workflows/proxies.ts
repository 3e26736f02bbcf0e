// How the conversation workflow calls its activities: three retry policies for three kinds of step.
import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { ConversationActivities } from './activities.js';

// Steps the workflow must not give up on (linking the customer's messages, recording what was
// already sent, what a timer decided): retried with backoff until the database answers.
export const durable = proxyLocalActivities<ConversationActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Steps of an agent action someone is waiting for: a few retries, then the action fails and the
// state stays as it was.
export const interactive = proxyLocalActivities<ConversationActivities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

const SEND: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '20 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['PermanentSendError'],
  },
};

// Sending through the channel's API: an ordinary activity, idempotent on our outbound id.
export const channel = proxyActivities<ConversationActivities>(SEND);

// An agent's reply, sent as a local activity with the same retries: the agent waits for it, and
// an ordinary activity cost the reply a trip through Temporal's activity queue and a second
// workflow task (under a burst, 0.3–1 s of the reply's time in `npm run bench`). A rate limit
// that resets later than a few seconds fails it at once (the activity knows it runs locally): the
// reply goes to the queued send (queued-sends.ts), the agent is answered.
export const agentSend = proxyLocalActivities<ConversationActivities>(SEND);

// A send the provider's rate limit held back (X: 15 minutes until its window resets): retried past
// the reset (each rate-limited attempt names its next retry delay), for hours rather than minutes.
export const queued = proxyActivities<ConversationActivities>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: '12 hours',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '15 minutes',
    nonRetryableErrorTypes: ['PermanentSendError'],
  },
});

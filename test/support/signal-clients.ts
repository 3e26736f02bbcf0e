// Stand-ins for Temporal's client in the relay's tests: each records the signals it is given and
// answers when its `answer` says (at once, never, after a while).
import type { Client } from '@temporalio/client';
import type { InboundSignal } from '../../workflows/shared.js';

export interface Signalled {
  workflowId: string;
  signal: InboundSignal;
}

export function signallingClient(into: Signalled[], answer: () => Promise<void>): Client {
  return {
    workflow: {
      signalWithStart: async (_type: string, o: { workflowId: string; signalArgs: [InboundSignal] }) => {
        into.push({ workflowId: o.workflowId, signal: structuredClone(o.signalArgs[0]) });
        await answer();
      },
    },
  } as unknown as Client;
}

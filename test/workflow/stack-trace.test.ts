// What `temporal workflow stack` shows for a waiting conversation now that the workflow threads
// take shallow stack traces (workflows/stack-trace-limit.ts): still the workflow code it waits in.
// One frame less and the only frame left is the SDK's own promise hook.
import { describe, expect, it } from 'vitest';
import { customerMessage, deliver, known, newRef, now, stubActivities, useTimeSkippingEnv, withWorker } from '../support/workflow-harness.js';

useTimeSkippingEnv();

describe('stack traces of a running conversation', () => {
  it('name the workflow code the conversation waits in', async () => {
    await withWorker(stubActivities(), async (tq) => {
      const handle = await deliver(tq, newRef(), [customerMessage(await now())]);
      await known(handle);
      const stack = await handle.query<string>('__stack_trace');
      expect(stack).toMatch(/^\s+at \w+ \(.*workflows\/[a-z-]+\.ts:\d+:\d+\)$/m);
    });
  });
});

// What the production worker bundles (workflowsPath → workflows/index.ts): the product's
// workflows only, not the bench's empty one.
import { describe, expect, it } from 'vitest';

describe('the production workflow bundle', () => {
  it("exports the product's workflows (conversations, channel polling) and nothing of the bench", async () => {
    const workflows = await import('../../workflows/index.js');
    expect(Object.keys(workflows).sort()).toEqual(['channelPollWorkflow', 'conversationWorkflow', 'retentionPurgeWorkflow']);
  });
});

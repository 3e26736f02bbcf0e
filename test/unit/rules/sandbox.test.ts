import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTimeSkippingEnv } from '../../support/temporal.js';
import { rulesInSandbox, type RulesInSandboxInput } from './sandbox.workflow.js';
import { act, all, automation, cond } from './builders.js';

// rules/ is imported by the conversation workflow: it must bundle and run in Temporal's
// deterministic sandbox (no Node built-ins, no non-deterministic APIs), with the same results.
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const input: RulesInSandboxInput = {
  automations: [
    automation('tagger', all(cond('message.text', 'contains', 'rembourse')), [act({ type: 'addTags', tags: ['refund'] })]),
    automation('lang', all(cond('conversation.tags', 'includes', 'Refund')), [act({ type: 'setContactAttribute', key: 'lang', value: 'fr' })], { stop: true }),
    automation('never', all(cond('message.text', 'isSet')), [act({ type: 'resolve' })]),
  ],
  skillSets: [
    { id: 'en', document: { schema: 'switchboard.skillset/1', name: 'en', enabled: true, when: all(cond('contact.language', 'equal', 'en')), target: { teamId: 'en' }, strategy: 'balanced' } },
    { id: 'billing', document: { schema: 'switchboard.skillset/1', name: 'b', enabled: true, when: all(cond('conversation.tags', 'includes', 'refund')), target: { teamId: 'b' }, strategy: 'roundRobin' } },
  ],
  contactGroups: [
    { id: 'fr', document: { schema: 'switchboard.contactgroup/1', name: 'fr', enabled: true, when: all(cond('contact.attributes.lang', 'equal', 'FR')) } },
  ],
  facts: { 'message.text': 'Je veux être REMBOURSÉ', 'conversation.tags': [] },
};

describe('rules/ in the workflow sandbox', () => {
  it('bundles, runs, and gives the same results as outside', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'rules-sandbox',
      workflowsPath: fileURLToPath(new URL('./sandbox.workflow.ts', import.meta.url)),
    });
    const inSandbox = await worker.runUntil(
      env.client.workflow.execute(rulesInSandbox, { taskQueue: 'rules-sandbox', workflowId: 'rules-sandbox-1', args: [input] }),
    );
    expect(inSandbox).toEqual(await rulesInSandbox(input));
    expect(inSandbox).toMatchObject({ valid: true, fired: ['tagger', 'lang'], route: 'billing', groups: ['fr'] });
  });
});

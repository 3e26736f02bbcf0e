// LinkedIn Page comments polled by the per-channel workflow, on the time-skipping server, with the
// real polling activity writing to a real PostgreSQL and reading a loopback stand-in of LinkedIn.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertChannel } from '../../engine/features/channels/repository.js';
import { createPollingActivities } from '../../engine/features/polling/activities.js';
import type { Db } from '../../engine/platform/database.js';
import { channelPollWorkflowId, type channelPollWorkflow } from '../../workflows/channel-polling.js';
import { freshDatabase } from '../support/database.js';
import { startStandIn, type RecordedRequest, type StandIn } from '../support/stand-in-server.js';
import { createTimeSkippingEnv, workflowsPath } from '../support/temporal.js';

const ORG = '5515715';
const POST = 'urn:li:share:7100000000000000001';
const ADA = 'urn:li:person:AbC123xYz';
const urn = (n: number) => `urn:li:comment:(urn:li:activity:7100000000000000009,${n})`;
const base = Date.now() - 3600_000;

function comment(n: number, actor: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    actor, commentUrn: urn(n), id: String(n), created: { actor, time: base + n }, lastModified: { actor, time: base + n },
    message: { text }, object: POST, commentsSummary: { totalFirstLevelComments: 0 }, ...extra,
  };
}

describe('LinkedIn polling workflow', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  let linkedin: StandIn;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `poll-${randomUUID()}`;
  const comments: unknown[] = [
    comment(101, ADA, 'Does it ship to Canada?', { 'actor~': { localizedFirstName: 'Ada', localizedLastName: 'Lovelace' } }),
    comment(102, '', 'A private question'),
    comment(103, `urn:li:organization:${ORG}`, 'Yes, it does!', { parentComment: urn(101) }),
  ];

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    ({ db } = await freshDatabase());
    linkedin = await startStandIn();
    linkedin.answer(200, (req: RecordedRequest) => {
      if (req.url.startsWith('/rest/posts')) return { elements: [{ id: POST, author: `urn:li:organization:${ORG}`, commentary: 'Our new kettle is here!' }] };
      if (req.url.startsWith(`/rest/socialActions/${encodeURIComponent(POST)}/comments`)) return { elements: comments, paging: { total: comments.length } };
      return { elements: [] };
    });
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } }),
      activities: createPollingActivities({ db }),
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    await linkedin?.close();
    await db?.destroy();
  });

  const stored = () => db('messages').orderBy('at').select('provider_message_id', 'thread_key', 'direction', 'contact_provider_id', 'author', 'text', 'post_id');
  const polls = () => linkedin.requests.filter((r) => r.url.startsWith('/rest/posts')).length;
  const until = async <T>(check: () => Promise<T | false>) => {
    for (let i = 0; i < 300; i++) {
      const v = await check();
      if (v !== false) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not met in time');
  };

  it('records new comments per commenter per post, the organisation\'s reply in its thread, each once per interval in workflow time, until the channel is deleted', async () => {
    const channel = await insertChannel(db, {
      type: 'linkedin', name: 'Kettle Shop on LinkedIn',
      config: { organizationId: ORG, accessToken: 'li-token', pollSeconds: 600, apiBaseUrl: linkedin.baseUrl },
    });
    const handle = await env.client.workflow.start<typeof channelPollWorkflow>('channelPollWorkflow', {
      workflowId: channelPollWorkflowId(channel.id), taskQueue, args: [{ channelId: channel.id }],
    });

    const first = await until(async () => ((await stored()).length === 3 ? stored() : false));
    expect(first.map((m) => [m.provider_message_id, m.direction, m.thread_key, m.contact_provider_id])).toEqual([
      [urn(101), 'in', `${POST}:${ADA}`, ADA],
      [urn(102), 'in', `${POST}:private`, 'private'],
      [urn(103), 'out', `${POST}:${ADA}`, ADA],
    ]);
    expect(first[0].author).toMatchObject({ name: 'Ada Lovelace' });
    expect(first[1].author).toMatchObject({ name: 'Private user' });
    expect((await db('posts').where({ post_id: POST }).first()).data).toMatchObject({ text: 'Our new kettle is here!' });
    expect(await db('inbound_queue').count('* as n').first()).toMatchObject({ n: 3 });
    expect(polls()).toBe(1);

    // The next poll comes after pollSeconds of workflow time; what it lists again is stored once.
    comments.push(comment(104, 'urn:li:person:QwE456', 'Love the colour', { 'actor~': { localizedName: 'Grace H.' } }));
    await env.sleep('10 minutes');
    await until(async () => polls() >= 2);
    const second = await until(async () => ((await stored()).length === 4 ? stored() : false));
    expect(second[3]).toMatchObject({ provider_message_id: urn(104), thread_key: `${POST}:urn:li:person:QwE456`, text: 'Love the colour' });

    await db('channels').where({ id: channel.id }).update({ deleted_at: db.fn.now() });
    await env.sleep('10 minutes');
    await handle.result();
    expect(await stored()).toHaveLength(4);
  });
});

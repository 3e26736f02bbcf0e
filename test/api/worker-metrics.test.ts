// The worker's own metrics for Prometheus (SWITCHBOARD_WORKER_METRICS): the Temporal SDK serves its
// workflow task and poller figures, which show whether conversations wait for the worker.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTemporalLogging } from '../../engine/platform/temporal/runtime.js';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { freePort } from '../support/ports.js';
import { metricValue } from '../support/prometheus.js';
import { sandboxHeaders } from '../support/signing.js';

const SECRET = 'worker-metrics-secret';

describe('worker metrics', () => {
  let stack: ApiStack;
  let address: string;

  beforeAll(async () => {
    address = `127.0.0.1:${await freePort()}`;
    // The SDK runtime is per process and made once: before the test stack makes its own.
    installTemporalLogging(pino({ level: 'silent' }), address);
    stack = await startApiStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('counts the workflow tasks a customer message costs, for Prometheus', async () => {
    const scrape = async () => (await fetch(`http://${address}/metrics`)).text();
    const before = metricValue(await scrape(), 'temporal_workflow_task_execution_latency_count');
    const channel = await stack.request('POST', '/api/channels', { token: stack.adminToken, payload: { type: 'sandbox', name: 'Metrics', config: { secret: SECRET } } });
    const body = JSON.stringify({ id: 'wm-1', from: { id: 'c-wm' }, text: 'hello', kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${channel.body.id}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    const after = await stack.eventually(async () => {
      const text = await scrape();
      return metricValue(text, 'temporal_workflow_task_execution_latency_count') > before && text;
    });
    expect(after).toMatch(/^# TYPE temporal_workflow_task_queue_poll_succeed_total counter$/m);
    expect(metricValue(after, 'temporal_workflow_task_queue_poll_succeed_total')).toBeGreaterThan(0);
    expect(metricValue(after, 'temporal_workflow_task_schedule_to_start_latency_count')).toBeGreaterThan(0);
  });
});

// Prometheus metrics of this process (prom-client), served at GET /metrics by the API. Workers started
// alone (`npm run worker`) count too, but only an API process serves them.
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import client from 'prom-client';
import { openFailures } from './crypto/process-keyring.js';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'switchboard_process_' });

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const metrics = {
  webhooks: new client.Counter({
    name: 'switchboard_webhooks_total',
    help: 'Webhook deliveries by outcome: accepted (2xx) or refused (4xx/5xx, by status)',
    labelNames: ['outcome', 'status'],
    registers: [registry],
  }),
  webhookMessages: new client.Counter({
    name: 'switchboard_webhook_messages_total',
    help: 'Messages in accepted deliveries: stored (new) or duplicate (already stored: at-least-once delivery)',
    labelNames: ['result'],
    registers: [registry],
  }),
  webhookAck: new client.Histogram({
    name: 'switchboard_webhook_ack_seconds',
    help: 'From a webhook request arriving to its answer (recorded durably before a 200)',
    labelNames: ['outcome'],
    buckets: seconds,
    registers: [registry],
  }),
  handOver: new client.Histogram({
    name: 'switchboard_relay_handover_seconds',
    help: 'From a message being recorded to its conversation workflow accepting the signal',
    buckets: seconds,
    registers: [registry],
  }),
  handOverFailures: new client.Counter({
    name: 'switchboard_relay_handover_failures_total',
    help: 'Signal-with-start calls that failed (the rows stay queued and are retried)',
    registers: [registry],
  }),
  activities: new client.Counter({
    name: 'switchboard_activities_total',
    help: 'Temporal activity executions in this process by activity type and outcome',
    labelNames: ['activity', 'outcome'],
    registers: [registry],
  }),
  activitySeconds: new client.Histogram({
    name: 'switchboard_activity_seconds',
    help: 'Temporal activity execution time in this process by activity type',
    labelNames: ['activity'],
    buckets: seconds,
    registers: [registry],
  }),
  sends: new client.Counter({
    name: 'switchboard_sends_total',
    help: 'Replies handed to a provider (sendOutbound activity executions) by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  }),
  automationEvaluations: new client.Counter({
    name: 'switchboard_automation_evaluations_total',
    help: 'Automation evaluations (evaluateAutomations activity executions) by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  }),
  joinedSignals: new client.Counter({
    name: 'switchboard_relay_joined_messages_total',
    help: 'Inbound messages handed over in the signal of an earlier batch of their thread, which still waited for its turn (one workflow task for both)',
    registers: [registry],
  }),
  receiptEvaluations: new client.Counter({
    name: 'switchboard_receipt_evaluations_total',
    help: 'Customer messages whose automations the relay evaluated as it linked them (the others are evaluated by the evaluateAutomations activity)',
    registers: [registry],
  }),
  loginsRefused: new client.Counter({
    name: 'switchboard_login_rate_limited_total',
    help: 'Login attempts refused with 429 (too many failures for the account or the address)',
    registers: [registry],
  }),
};

// Above zero, a key is missing from the keyring (or customers write text that looks encrypted).
new client.Gauge({
  name: 'switchboard_sealed_values_unopened',
  help: 'Values read from the database that looked encrypted but did not open, since the process started (shown as stored)',
  registers: [registry],
  collect() {
    this.set(openFailures().count);
  },
});

/** Counts and times every activity this worker runs; sends and automation evaluations get their own counters. */
export const activityMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const activity = ctx.info.activityType;
      const end = metrics.activitySeconds.startTimer({ activity });
      let outcome = 'ok';
      try {
        return await next(input);
      } catch (err) {
        outcome = 'failed';
        throw err;
      } finally {
        end();
        metrics.activities.inc({ activity, outcome });
        if (activity === 'sendOutbound' || activity === 'replyOutbound') metrics.sends.inc({ outcome });
        if (activity === 'evaluateAutomations') metrics.automationEvaluations.inc({ outcome });
      }
    },
  },
});

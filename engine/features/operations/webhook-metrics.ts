import type { Server } from '@hapi/hapi';
import { metrics } from '../../platform/metrics.js';

/** Webhook outcomes and acknowledgement latency, read from each answered webhook request. */
export function countWebhooks(server: Server) {
  server.events.on('response', (request) => {
    if (request.method !== 'post' || !request.path.startsWith('/webhooks/')) return;
    const response = request.response as { statusCode?: number; source?: unknown; output?: { statusCode: number } };
    const status = response.statusCode ?? response.output?.statusCode ?? 500;
    const outcome = status < 300 ? 'accepted' : 'refused';
    metrics.webhooks.inc({ outcome, status: String(status) });
    const ackMs = Date.now() - request.info.received;
    metrics.webhookAck.observe({ outcome }, ackMs / 1000);
    request.server.app.ctx.onWebhookAnswered?.(ackMs);
    const receipt = response.source as { stored?: number; duplicates?: number } | undefined;
    if (outcome === 'accepted' && receipt && typeof receipt.stored === 'number') {
      metrics.webhookMessages.inc({ result: 'stored' }, receipt.stored);
      metrics.webhookMessages.inc({ result: 'duplicate' }, receipt.duplicates ?? 0);
    }
  });
}

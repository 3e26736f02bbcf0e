// A webhook delivery from verification to durable record: only then may the provider get its 200.
// Provider knowledge (signatures, who owns a shared delivery) stays in connectors/.
import { getConnector, sharedEndpointOf, type HandshakeResult, type ProviderEvent, type SharedEndpoint, type WebhookRequest } from '../../../connectors/index.js';
import type { Db } from '../../platform/database.js';
import { Invalid, NotFound, Unauthorized } from '../../platform/errors.js';
import { channelsOfTypes, type ChannelRow } from '../channels/repository.js';
import { channelForDelivery, channelForRoute } from '../channels/webhook-lookup.js';
import { recordChannelError } from '../channels/health.js';
import { recordEvents } from './record-events.js';

export interface Receipt {
  received: number;
  stored: number;
  duplicates: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function channelForWebhook(db: Db, channelId: string): Promise<ChannelRow> {
  const channel = UUID.test(channelId) ? await channelForDelivery(db, channelId) : undefined;
  if (!channel) throw new NotFound('no channel has this webhook URL');
  return channel;
}

async function verified(db: Db, channel: ChannelRow, req: WebhookRequest, refusal: string): Promise<void> {
  const connector = getConnector(channel.type);
  if (!connector) throw new NotFound(`channel type ${channel.type} takes no webhooks in this version`);
  if (!connector.verify(req, channel.config)) {
    await recordChannelError(db, channel.id, `a webhook was refused: ${refusal}`);
    throw new Unauthorized(refusal);
  }
}

/** A signed delivery the connector cannot read is the channel's failure too (its health shows it). */
async function parse(db: Db, channel: ChannelRow, rawBody: Buffer, receivedAt: Date): Promise<ProviderEvent[]> {
  const connector = getConnector(channel.type)!;
  try {
    return (connector.parseEvents ?? connector.parse)(rawBody, channel.config, receivedAt);
  } catch (err) {
    await recordChannelError(db, channel.id, `a webhook was refused: ${String((err as Error).message ?? err)}`);
    throw err;
  }
}

/**
 * A delivery to a channel's own URL. A channel whose provider also has a shared endpoint (Meta)
 * takes a whole shared delivery there, like the shared URL, once its own secret verifies it.
 */
export async function receiveAtChannel(db: Db, channelId: string, req: WebhookRequest): Promise<Receipt> {
  const channel = await channelForWebhook(db, channelId);
  await verified(db, channel, req, "the signature is missing or does not match this channel's secret");
  const shared = sharedEndpointOf(channel.type);
  if (shared) return receiveShared(db, shared, req);
  const events = await parse(db, channel, req.rawBody, new Date());
  const { stored, duplicates } = await recordEvents(db, channel.id, events);
  return { received: events.length, stored, duplicates };
}

/**
 * A provider's shared endpoint (Meta's one callback URL per app): each part goes to the channel
 * that owns it, verified with that channel's secret. Every owner must verify before anything is
 * stored; parts no channel owns are acknowledged and dropped.
 */
export async function receiveShared(db: Db, endpoint: SharedEndpoint, req: WebhookRequest): Promise<Receipt> {
  const missing = endpoint.missingSignature(req);
  if (missing) throw new Unauthorized(missing);
  const owners: ChannelRow[] = [];
  for (const route of endpoint.owners(req.rawBody)) {
    const channel = await channelForRoute(db, route.channelType, route.routeKey);
    if (!channel || !getConnector(channel.type)) continue;
    await verified(db, channel, req, `the signature does not match the app secret of the channel that owns ${route.routeKey}`);
    owners.push(channel);
  }
  const receivedAt = new Date();
  const parsed = await Promise.all(owners.map(async (channel) => ({ channel, events: await parse(db, channel, req.rawBody, receivedAt) })));
  // Every owner's share in one transaction: a delivery is stored whole or not at all.
  return db.transaction(async (trx) => {
    const receipt: Receipt = { received: 0, stored: 0, duplicates: 0 };
    for (const { channel, events } of parsed) {
      const r = await recordEvents(trx, channel.id, events);
      receipt.received += events.length;
      receipt.stored += r.stored;
      receipt.duplicates += r.duplicates;
    }
    return receipt;
  });
}

/** A provider's GET handshake at a channel's own URL. */
export async function channelHandshake(db: Db, channelId: string, query: Record<string, string>): Promise<HandshakeResult> {
  const channel = await channelForWebhook(db, channelId);
  const answer = getConnector(channel.type)?.handshake?.(query, channel.config);
  if (!answer) throw new Invalid('this is not a handshake this channel understands');
  return answer;
}

/** The handshake of a shared endpoint: any of its channels' verify tokens answers it. */
export async function sharedHandshake(db: Db, endpoint: SharedEndpoint, query: Record<string, string>): Promise<HandshakeResult | undefined> {
  for (const channel of await channelsOfTypes(db, endpoint.channelTypes)) {
    const answer = getConnector(channel.type)?.handshake?.(query, channel.config);
    if (answer && answer.status === 200) return answer;
  }
  return undefined;
}

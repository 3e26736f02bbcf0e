import Boom from '@hapi/boom';
import { getConnector, MalformedPayloadError, metaRoutes, parseMetaDelivery, type InboundEvent, type WebhookRequest } from '../../../connectors/index.js';
import type { Db } from '../../platform/database.js';
import { findChannelByRoute, getChannel, type ChannelRow } from '../channels/repository.js';
import { recordInbound } from './record.js';

export interface Receipt {
  received: number;
  stored: number;
  duplicates: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function channelForWebhook(db: Db, channelId: string): Promise<ChannelRow> {
  const channel = UUID.test(channelId) ? await getChannel(db, channelId) : undefined;
  if (!channel) throw Boom.notFound('no channel has this webhook URL');
  return channel;
}

function parseOrBadRequest(channel: ChannelRow, rawBody: Buffer, receivedAt: Date): InboundEvent[] {
  try {
    return getConnector(channel.type)!.parse(rawBody, channel.config, receivedAt);
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw Boom.badRequest(err.message);
    throw err;
  }
}

/** Verify over the raw bytes, parse, record durably; only then may the provider get its 200. */
export async function receiveForChannel(db: Db, channel: ChannelRow, req: WebhookRequest): Promise<Receipt> {
  const connector = getConnector(channel.type);
  if (!connector) throw Boom.notFound(`channel type ${channel.type} takes no webhooks in this version`);
  if (!connector.verify(req, channel.config)) {
    throw Boom.unauthorized('the signature is missing or does not match this channel\'s secret');
  }
  const events = parseOrBadRequest(channel, req.rawBody, new Date());
  const { stored, duplicates } = await recordInbound(db, channel.id, events);
  return { received: events.length, stored, duplicates };
}

/**
 * Meta's one callback URL per app: each entry goes to the channel that owns it, verified with that
 * channel's app secret. Every owner must verify before anything is stored; entries no channel owns
 * are acknowledged and dropped.
 */
export async function receiveMeta(db: Db, req: WebhookRequest): Promise<Receipt> {
  if (!req.headers['x-hub-signature-256']) throw Boom.unauthorized('the X-Hub-Signature-256 header is missing');
  let routes;
  try {
    routes = metaRoutes(parseMetaDelivery(req.rawBody));
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw Boom.badRequest(err.message);
    throw err;
  }
  const owners: ChannelRow[] = [];
  for (const route of routes) {
    const channel = await findChannelByRoute(db, route.channelType, route.routeKey);
    if (!channel || !getConnector(channel.type)) continue;
    if (!getConnector(channel.type)!.verify(req, channel.config)) {
      throw Boom.unauthorized(`the signature does not match the app secret of the channel that owns ${route.routeKey}`);
    }
    owners.push(channel);
  }
  const receivedAt = new Date();
  const parsed = owners.map((channel) => ({ channel, events: parseOrBadRequest(channel, req.rawBody, receivedAt) }));
  const receipt: Receipt = { received: 0, stored: 0, duplicates: 0 };
  for (const { channel, events } of parsed) {
    const r = await recordInbound(db, channel.id, events);
    receipt.received += events.length;
    receipt.stored += r.stored;
    receipt.duplicates += r.duplicates;
  }
  return receipt;
}

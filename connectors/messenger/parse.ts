// Messenger webhook deliveries → events: the Page's `messaging`/`standby` items (../meta/messaging.ts).
import { parseMessagingEntries } from '../meta/messaging.js';
import { parseJsonBody } from '../shared/json.js';
import { isMessageEvent, type InboundEvent, type ProviderEvent } from '../types.js';
import type { MessengerConfig } from './config.js';

export function parseMessengerEvents(rawBody: Buffer, config: MessengerConfig, receivedAt: Date): ProviderEvent[] {
  return parseMessagingEntries(parseJsonBody(rawBody, 'Messenger webhook body'), { object: 'page', ownerId: config.pageId }, receivedAt);
}

export function parseMessengerBody(rawBody: Buffer, config: MessengerConfig, receivedAt: Date): InboundEvent[] {
  return parseMessengerEvents(rawBody, config, receivedAt).filter(isMessageEvent);
}

/**
 * The messages of `config.pageId`'s entries in a parsed delivery. Entries of other Pages belong to
 * other channels and are skipped, so the same delivery can be handed to each owner in turn.
 */
export function parseMessengerEntries(payload: unknown, config: MessengerConfig, receivedAt: Date): InboundEvent[] {
  return parseMessagingEntries(payload, { object: 'page', ownerId: config.pageId }, receivedAt).filter(isMessageEvent);
}

// What is encrypted at rest (issue 16, requirement 5): the secrets of a channel's config, and the
// text, attachments and provider extras of private messages, with the copies made of them (a
// conversation's last message, an edit's audit entry, a private reply to a comment, a change
// waiting for its message). Public comments are public on the network and stay plain. Sealed
// values are opened by every database read (database.ts).
import { getConnector } from '../../../connectors/index.js';
import { isSealed, seal } from '../../platform/crypto/index.js';

type Kind = 'private' | 'public' | string;

/** A message text as stored: sealed when the thread is private. */
export function storedText<T extends string | null | undefined>(kind: Kind, text: T): T | string {
  return kind === 'private' && typeof text === 'string' && text !== '' && !isSealed(text) ? seal.text(text) : text;
}

/** A message's attachments as stored: one sealed JSON value when the thread is private and has any. */
export function storedAttachments<T>(kind: Kind, attachments: T): T | string {
  return kind === 'private' && Array.isArray(attachments) && attachments.length > 0 ? seal.json(attachments) : attachments;
}

/** A message's provider extras (an e-mail's subject, a quick reply's payload) as stored: sealed when private. */
export function storedExtra<T>(kind: Kind, extra: T): T | string {
  return kind === 'private' && extra !== null && typeof extra === 'object' ? seal.json(extra) : extra;
}

/** A channel config as stored: each secret key (the connector's secretKeys) sealed, the rest plain. */
export function storedChannelConfig(type: string, config: Record<string, unknown>): Record<string, unknown> {
  const secrets = new Set(getConnector(type)?.secretKeys ?? []);
  return Object.fromEntries(Object.entries(config).map(([k, v]) =>
    [k, secrets.has(k) && typeof v === 'string' && v !== '' && !isSealed(v) ? seal.text(v) : v]));
}

/** A provider's change to a message, recorded until it is applied: its text sealed when private. */
export function storedChange<T extends { kind: Kind; text?: string; attachments?: unknown }>(change: T): T {
  if (change.kind !== 'private') return change;
  return { ...change, text: storedText(change.kind, change.text), attachments: storedAttachments(change.kind, change.attachments) };
}

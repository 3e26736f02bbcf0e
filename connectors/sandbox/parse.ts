// The sandbox channel's body: one message `{ id, from, text, kind, postId?, timestamp? }`, or a
// batch `{ messages: [...] }` of the same objects (handy for seeding test traffic in one call).
import {
  expectArray,
  expectNonEmptyString,
  expectObject,
  expectString,
  isObject,
  malformed,
  optionalString,
  parseJsonBody,
} from '../shared/json.js';
import type { ConversationKind, InboundEvent } from '../types.js';

// A full date-time with a zone: a bare date or a zone-less time would be read in the server's
// own time zone, silently shifting the message.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function parseSandboxBody(rawBody: Buffer, receivedAt: Date): InboundEvent[] {
  const body = expectObject(parseJsonBody(rawBody, 'sandbox webhook body'), 'body');
  if ('messages' in body) {
    return expectArray(body.messages, 'messages').map((m, i) => parseMessage(m, `messages[${i}]`, receivedAt));
  }
  return [parseMessage(body, '', receivedAt)];
}

function parseMessage(value: unknown, path: string, receivedAt: Date): InboundEvent {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (!isObject(value)) throw malformed(`${path || 'body'} must be an object`);
  const id = expectNonEmptyString(value.id, at('id'));
  const from = expectObject(value.from, at('from'));
  const fromId = expectNonEmptyString(from.id, at('from.id'));
  const name = optionalString(from.name, at('from.name'));
  const text = expectString(value.text, at('text'));
  const kind = parseKind(value.kind, at('kind'));
  const postId = kind === 'public' ? parsePostId(value.postId, at('postId')) : undefined;
  return {
    providerMessageId: id,
    threadKey: kind === 'public' ? `${postId}:${fromId}` : fromId,
    kind,
    direction: 'in',
    contact: { providerId: fromId, name },
    text,
    attachments: [],
    at: parseTimestamp(value.timestamp, at('timestamp'), receivedAt),
    ...(postId !== undefined && { postId }),
  };
}

function parseKind(value: unknown, path: string): ConversationKind {
  if (value === 'private' || value === 'public') return value;
  throw malformed(`${path} must be "private" or "public"`);
}

function parsePostId(value: unknown, path: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw malformed(`${path} is required when kind is "public" and must be a non-empty string`);
}

function parseTimestamp(value: unknown, path: string, receivedAt: Date): string {
  if (value === undefined || value === null) return receivedAt.toISOString();
  const ms = typeof value === 'string' && ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw malformed(`${path} must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T09:30:00Z`);
  }
  return new Date(ms).toISOString();
}

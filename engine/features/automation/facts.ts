/**
 * The facts of rules/facts.ts for one conversation, read from the database: what the automations,
 * skill sets and contact groups are evaluated on. It runs once per customer message, so everything
 * stored is read in one statement (the contact's groups are computed in memory from the published
 * contact groups, business hours from the channel's schedule).
 */
import { status as businessHoursStatus, type BusinessHoursSchedule } from '../../../rules/business-hours/index.js';
import { ATTRIBUTE_PREFIX, isAttributeKey, type ContactGroupMatcher, type Facts, type FactValue } from '../../../rules/index.js';
import type { Db } from '../../platform/database.js';
import { publishedRules } from './published.js';

/** The contact groups a contact is matched against (a compiled published set). */
export type ContactGroupEvaluator = ContactGroupMatcher;

export interface ConversationFactsOptions {
  /** When the evaluation happens (ages, business hours, which messages count). Default: now. */
  at?: Date;
  /** The customer message being evaluated; default: the latest customer message at `at`. */
  messageId?: string;
  /** Default: the currently published contact groups. */
  contactGroups?: ContactGroupEvaluator;
}

export class ConversationNotFoundError extends Error {}

/** One conversation's facts at one moment. */
export interface FactsRequest {
  conversationId: string;
  messageId?: string;
  at: Date;
}

interface FactsRow {
  n: string;
  id: string;
  channel_id: string;
  channel_type: string;
  kind: string;
  status: string;
  priority: string | null;
  topic_id: string | null;
  created_at: Date;
  attributes: Record<string, unknown> | null;
  message_id: string | null;
  message_text: string | null;
  customer_messages: number;
  tags: string[];
  schedule: BusinessHoursSchedule | null;
}

/**
 * Every stored fact of many conversations in one statement (requests are a row set: each names its
 * conversation, its message or none, and its moment). `customerMessageCount` counts the customer
 * messages up to the evaluated one (or up to `at`): the count the conversation had then. It filters
 * on direction after the conversation's index, not in its WHERE: there the planner could take the
 * index of all customer messages by time and read every earlier one of every conversation (seen in
 * `npm run bench` on a table the burst grew faster than its statistics: 0.16 ms a conversation, two
 * thirds of the statement, growing with the table).
 */
const FACTS_SQL = `
  WITH r AS (
    SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::timestamptz[]) WITH ORDINALITY AS r(conversation_id, message_id, at, n)
  )
  SELECT r.n, c.id, c.channel_id, ch.type AS channel_type, c.kind, c.status, c.priority, c.topic_id, c.created_at,
         ct.attributes, m.id AS message_id, m.text AS message_text,
         (SELECT count(*) FILTER (WHERE mc.direction = 'in') FROM messages mc
           WHERE mc.conversation_id = c.id AND mc.at <= coalesce(m.at, r.at)) AS customer_messages,
         coalesce((SELECT array_agg(t.name ORDER BY ctg.added_at, t.name)
                     FROM conversation_tags ctg JOIN tags t ON t.id = ctg.tag_id
                    WHERE ctg.conversation_id = c.id), '{}') AS tags,
         bh.document -> 'schedule' AS schedule
    FROM r
    JOIN conversations c ON c.id = r.conversation_id
    JOIN channels ch ON ch.id = c.channel_id
    JOIN contacts ct ON ct.id = c.contact_id
    LEFT JOIN business_hours bh ON bh.channel_id = c.channel_id
    LEFT JOIN LATERAL (
      SELECT m.id, m.text, m.at FROM messages m
       WHERE m.conversation_id = c.id
         AND CASE WHEN r.message_id IS NULL THEN m.direction = 'in' AND m.at <= r.at ELSE m.id = r.message_id END
       ORDER BY m.at DESC, m.id DESC
       LIMIT 1
    ) m ON true`;

/** The facts of a conversation, at `at` (default now), for its message `messageId` (default its latest customer message). */
export async function conversationFacts(db: Db, conversationId: string, options: ConversationFactsOptions = {}): Promise<Facts> {
  const contactGroups = options.contactGroups ?? (await publishedRules(db)).contactGroups;
  const [facts] = await factsOfConversations(db, [{ conversationId, messageId: options.messageId, at: options.at ?? new Date() }], contactGroups);
  return facts;
}

/**
 * The facts of many conversations at once (dry runs), in the order asked. An unknown conversation,
 * or a message that is not one of its conversation's, is an error.
 */
export async function factsOfConversations(db: Db, requests: readonly FactsRequest[], contactGroups: ContactGroupEvaluator): Promise<Facts[]> {
  if (requests.length === 0) return [];
  const { rows } = await db.raw<{ rows: FactsRow[] }>(FACTS_SQL, [
    requests.map((r) => r.conversationId),
    requests.map((r) => r.messageId ?? null),
    requests.map((r) => r.at.toISOString()),
  ] as unknown as string[][]); // pg sends JS arrays (nulls included) as PostgreSQL arrays
  const byPosition = new Map(rows.map((row) => [Number(row.n), row]));
  const out: Facts[] = [];
  // one after another: overlapping evaluations would make the matcher build an engine each
  for (const [i, request] of requests.entries()) {
    const row = byPosition.get(i + 1);
    if (!row) throw new ConversationNotFoundError(`no conversation ${request.conversationId}`);
    if (request.messageId && row.message_id !== request.messageId) {
      throw new ConversationNotFoundError(`message ${request.messageId} is not a message of conversation ${request.conversationId}`);
    }
    const stored = storedFacts(row, request.at);
    out.push({ ...stored, 'contact.groups': await contactGroups.groupsOf(stored) });
  }
  return out;
}

function storedFacts(row: FactsRow, at: Date): Record<string, FactValue> {
  const facts: Record<string, FactValue> = {
    'channel.id': row.channel_id,
    'channel.type': row.channel_type,
    'conversation.kind': row.kind,
    'conversation.status': row.status,
    // created a moment after its first message was received: never a negative age
    'conversation.ageSeconds': Math.max(0, Math.floor((at.getTime() - new Date(row.created_at).getTime()) / 1000)),
    'conversation.customerMessageCount': Number(row.customer_messages),
    'conversation.tags': row.tags,
    // no schedule: always open
    'businessHours.open': businessHoursStatus(row.schedule ?? undefined, at).open,
  };
  if (row.message_text !== null) facts['message.text'] = row.message_text;
  if (row.priority !== null) facts['conversation.priority'] = row.priority;
  if (row.topic_id !== null) facts['conversation.topic'] = row.topic_id;
  for (const [key, value] of Object.entries(row.attributes ?? {})) {
    // attributes are set by integrations: only the scalar ones under a valid key can be tested
    if (!isAttributeKey(key)) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      facts[ATTRIBUTE_PREFIX + key] = value;
    }
  }
  const language = row.attributes?.language;
  if (typeof language === 'string') facts['contact.language'] = language;
  return facts;
}

/**
 * The facts a condition may test, each with its type. The type decides which operators fit
 * (`operators.ts` states, for each operator, the fact types it accepts) and what a condition's
 * `value` must be. Facts are handed to the evaluators as one plain object keyed by the dotted
 * fact name: `{ "message.text": "…", "contact.attributes.plan": "gold" }`.
 */

/**
 * - `text`: free text, compared ignoring case and accents.
 * - `id`: an opaque identifier or key (channel id, topic id, channel type).
 * - `enum`: one of a fixed set of values (listed in `enumValues`).
 * - `number` / `duration` (seconds): finite numbers.
 * - `boolean`.
 * - `list`: a list of names or ids (tag names, group ids).
 * - `attribute`: a contact attribute, set by integrations: text, number or boolean.
 */
export type FactType = 'text' | 'id' | 'enum' | 'number' | 'duration' | 'boolean' | 'list' | 'attribute';

export interface FactSpec {
  readonly type: FactType;
  /** For `enum` facts: the allowed values. */
  readonly enumValues?: readonly string[];
}

export const CONVERSATION_STATUSES = ['unassigned', 'assigned', 'pending', 'done'] as const;
export const CONVERSATION_KINDS = ['private', 'public'] as const;
/** A private thread (DM) or a public one (comments under a post). */
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const FACTS = {
  'message.text': { type: 'text' },
  'channel.id': { type: 'id' },
  'channel.type': { type: 'id' },
  'conversation.kind': { type: 'enum', enumValues: CONVERSATION_KINDS },
  'conversation.status': { type: 'enum', enumValues: CONVERSATION_STATUSES },
  'conversation.ageSeconds': { type: 'duration' },
  'conversation.customerMessageCount': { type: 'number' },
  'conversation.tags': { type: 'list' },
  'conversation.topic': { type: 'id' },
  'conversation.priority': { type: 'enum', enumValues: PRIORITIES },
  'contact.language': { type: 'text' },
  'contact.groups': { type: 'list' },
  'businessHours.open': { type: 'boolean' },
} as const satisfies Record<string, FactSpec>;

export type FixedFactName = keyof typeof FACTS;

export const ATTRIBUTE_PREFIX = 'contact.attributes.';
const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const ATTRIBUTE_SPEC: FactSpec = { type: 'attribute' };

/** Whether `key` may name a contact attribute (`contact.attributes.<key>`). */
export function isAttributeKey(key: string): boolean {
  return ATTRIBUTE_KEY.test(key);
}

/** The spec of a fact name, or `undefined` for an unknown fact. */
export function factSpec(name: string): FactSpec | undefined {
  if (Object.prototype.hasOwnProperty.call(FACTS, name)) return FACTS[name as FixedFactName];
  if (name.startsWith(ATTRIBUTE_PREFIX) && isAttributeKey(name.slice(ATTRIBUTE_PREFIX.length))) {
    return ATTRIBUTE_SPEC;
  }
  return undefined;
}

/** A fact value as the evaluators receive it. */
export type FactValue = string | number | boolean | readonly string[] | null | undefined;

/** Every fact of one evaluation, keyed by dotted fact name. Absent facts are simply missing. */
export type Facts = Readonly<Record<string, FactValue>>;

/**
 * Dry run (documents.md "API"): one version of one document — its draft or a published version —
 * replayed over the conversations of a period, in the context of the other published documents
 * (it takes its own published version's place, or its list position when never published).
 * Each conversation is evaluated once, as at its first customer message: the triggers
 * `conversation.created` and `message.received`, the facts of that message as they can be rebuilt.
 * What is stored about the moment is used (the message, channel, contact, business hours then);
 * the conversation's own state is the one every new conversation has (unassigned, normal priority,
 * no tags, no topic); contact attributes are today's (their history is not kept).
 * Automations are compared with what the published version did, from the audit trail; skill sets
 * with the conversation's stored routing. Nothing is written.
 */
import {
  canonicalJson,
  compileAutomations,
  compileContactGroups,
  compileSkillSets,
  testDocument,
  type Action,
  type AutomationDocument,
  type ContactGroupDocument,
  type Document,
  type Facts,
  type PublishedDocument,
  type SkillSetDocument,
  type SkillSetTarget,
  type Trace,
  type Trigger,
} from '../../../rules/index.js';
import type { Db } from '../../platform/database.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { validateAs, type Json, type KindSpec } from './documents/kinds.js';
import { getDocument, listDocuments } from './documents/repository.js';
import { invalidDocument } from './documents/service.js';
import { factsOfConversations } from './facts.js';
import { publishedRules, type PublishedSets } from './published.js';

export const DRY_RUN_LIMITS = { maxDays: 31, maxConversations: 5000, defaultDays: 7 } as const;
const DAY = 86_400_000;
const TRIGGERS: readonly Trigger[] = ['conversation.created', 'message.received'];
/** Facts are read this many conversations at a time. */
const CHUNK = 500;

export interface DryRunInput {
  from?: Date;
  to?: Date;
  /** Default: the draft. */
  version?: 'draft' | number;
}

export interface DryRunConversation {
  id: string;
  /** Automations: it fired. Skill sets: it is the one that routes. Contact groups: the contact belongs. */
  fired: boolean;
  actions: readonly Action[];
  trace: Trace;
  /** Automations: the actions the published version took at that message (audit trail); [] when it did not fire. */
  publishedActions?: readonly Action[];
  /** Automations: the version that fired then, when one did. */
  publishedVersion?: number;
  /** Skill sets: where the set with this version would route (any skill set's target), null when nowhere. */
  route?: { skillSetId: string; name: string; target: SkillSetTarget; strategy: string } | null;
  /** Skill sets: the routing stored on the conversation. */
  stored?: { routingTarget: unknown; teamId: string | null; assigneeUserId: string | null };
  /** Contact groups: whether the contact belongs under the published version (null: not published). */
  publishedFired?: boolean | null;
  differs: boolean;
}

export interface DryRunResult {
  kind: KindSpec['path'];
  documentId: string;
  version: 'draft' | number;
  period: { from: string; to: string };
  conversations: DryRunConversation[];
  summary: { evaluated: number; fired: number; differing: number };
}

export interface Candidate {
  id: string;
  message_id: string;
  message_at: Date;
  second_created_at: Date | null;
  routing_target: unknown;
  team_id: string | null;
  assignee_user_id: string | null;
}

export function period(input: DryRunInput, now: Date): { from: Date; to: Date } {
  const to = input.to ?? (input.from ? new Date(Math.min(now.getTime(), input.from.getTime() + DRY_RUN_LIMITS.defaultDays * DAY)) : now);
  const from = input.from ?? new Date(to.getTime() - DRY_RUN_LIMITS.defaultDays * DAY);
  if (from.getTime() >= to.getTime()) throw new Invalid(`"from" (${from.toISOString()}) must be before "to" (${to.toISOString()})`);
  if (to.getTime() - from.getTime() > DRY_RUN_LIMITS.maxDays * DAY) {
    throw new Invalid(`a dry run covers at most ${DRY_RUN_LIMITS.maxDays} days; ${from.toISOString()} to ${to.toISOString()} is longer: shorten the period`);
  }
  return { from, to };
}

/** The document to evaluate: the draft (valid) or one of its versions; enabled, whatever it says. */
export async function chosenDocument(db: Db, spec: KindSpec, id: string, version: 'draft' | number): Promise<Document> {
  const detail = await getDocument(db, spec, id);
  if (!detail) throw new NotFound(`no ${spec.label} with that id`);
  let source: Json;
  if (version === 'draft') {
    source = detail.draft;
  } else {
    const found = await db('document_versions').where({ document_id: id, version }).first('document');
    if (!found) {
      const known = detail.versions.map((v) => v.version);
      throw new NotFound(`this ${spec.label} has no version ${version}; ${known.length ? `its versions are ${known.join(', ')}` : 'it was never published: dry-run its draft'}`);
    }
    source = found.document;
  }
  const checked = validateAs(spec, source);
  if (!checked.valid || !checked.document) {
    throw invalidDocument(`${version === 'draft' ? 'the draft' : `version ${version}`} is invalid and cannot be dry-run`, checked.errors);
  }
  // a disabled draft is still worth previewing: what would it do once enabled?
  return { ...(checked.document as unknown as Document), enabled: true };
}

/** The published list of `spec`'s kind with `document` in `id`'s place (its list position when unpublished). */
export async function withReplaced<D extends Document>(
  db: Db,
  spec: KindSpec,
  published: readonly PublishedDocument<D>[],
  id: string,
  document: D,
): Promise<PublishedDocument<D>[]> {
  const byId = new Map(published.map((p) => [p.id, p]));
  const order = (await listDocuments(db, spec)).map((d) => d.id);
  const entries: PublishedDocument<D>[] = [];
  for (const docId of order) {
    if (docId === id) entries.push({ id, document });
    else if (byId.has(docId)) entries.push(byId.get(docId)!);
  }
  return entries;
}

export async function candidates(db: Db, from: Date, to: Date): Promise<Candidate[]> {
  // conversations are created as their first message is linked: created_at bounds the search
  // (with a day's slack for provider clocks), the first customer message decides
  const { rows } = await db.raw<{ rows: Candidate[] }>(
    `SELECT c.id, first.id AS message_id, first.at AS message_at, second.created_at AS second_created_at,
            c.routing_target, c.team_id, c.assignee_user_id
       FROM conversations c
       JOIN LATERAL (SELECT m.id, m.at FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
                      ORDER BY m.at, m.id LIMIT 1) first ON true
       LEFT JOIN LATERAL (SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'in'
                      ORDER BY m.at, m.id OFFSET 1 LIMIT 1) second ON true
      WHERE c.created_at >= ?::timestamptz - interval '1 day' AND c.created_at < ?::timestamptz + interval '1 day'
        AND first.at >= ? AND first.at < ?
      ORDER BY first.at, c.id
      LIMIT ?`,
    [from.toISOString(), to.toISOString(), from.toISOString(), to.toISOString(), DRY_RUN_LIMITS.maxConversations + 1],
  );
  if (rows.length > DRY_RUN_LIMITS.maxConversations) {
    throw new Invalid(
      `a dry run evaluates at most ${DRY_RUN_LIMITS.maxConversations} conversations; ${from.toISOString()} to ${to.toISOString()} holds more: shorten the period`,
    );
  }
  return rows;
}

/** Each conversation's facts at its first customer message, as a new conversation has them. */
async function firstMessageFacts(db: Db, list: readonly Candidate[], sets: PublishedSets): Promise<Facts[]> {
  const contactGroups = compileContactGroups(sets.contactGroups, { version: 'dry-run' });
  const out: Facts[] = [];
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    const facts = await factsOfConversations(
      db,
      chunk.map((c) => ({ conversationId: c.id, messageId: c.message_id, at: new Date(c.message_at) })),
      contactGroups,
    );
    for (const f of facts) {
      const { 'conversation.topic': _topic, ...rest } = f;
      out.push({ ...rest, 'conversation.status': 'unassigned', 'conversation.priority': 'normal', 'conversation.tags': [] });
    }
  }
  return out;
}

/** Actions compared by what they do: their element ids aside. */
const behaviour = (actions: readonly Action[]) => canonicalJson(actions.map(({ id: _id, ...rest }) => rest));

interface FiredEvent {
  conversation_id: string;
  at: Date;
  detail: { version?: number; actions?: Action[]; messageId?: string };
}

/** What the published automation did at each conversation's first message, from `automation.fired` events. */
async function publishedFirings(db: Db, automationId: string, list: readonly Candidate[]): Promise<Map<string, FiredEvent>> {
  const events: FiredEvent[] = await db('conversation_events')
    .whereRaw('conversation_id = ANY(?)', [list.map((c) => c.id)])
    .andWhere({ type: 'automation.fired' })
    .andWhereRaw("actor->>'type' = 'automation' AND actor->>'id' = ?", [automationId])
    .orderBy('id')
    .select('conversation_id', 'at', 'detail');
  const byConversation = new Map(list.map((c) => [c.id, c]));
  const firings = new Map<string, FiredEvent>();
  for (const event of events) {
    const c = byConversation.get(event.conversation_id)!;
    if (firings.has(c.id)) continue;
    // the event names its message when it can; otherwise it belongs to the first evaluation when
    // written before the second customer message arrived
    const ofFirst = event.detail?.messageId
      ? event.detail.messageId === c.message_id
      : c.second_created_at === null || new Date(event.at).getTime() < new Date(c.second_created_at).getTime();
    if (ofFirst) firings.set(c.id, event);
  }
  return firings;
}

function sameTarget(route: SkillSetTarget | undefined, c: Candidate): boolean {
  if (c.routing_target) return route !== undefined && canonicalJson(route) === canonicalJson(c.routing_target);
  if (!route) return true;
  if ('teamId' in route) return c.team_id === route.teamId;
  return c.assignee_user_id !== null && route.userIds.includes(c.assignee_user_id);
}

export async function dryRun(db: Db, spec: KindSpec, id: string, input: DryRunInput = {}, now = new Date()): Promise<DryRunResult> {
  if (!spec.testable) throw new Invalid(`${spec.label}s cannot be dry-run`);
  const { from, to } = period(input, now);
  const version = input.version ?? 'draft';
  const document = await chosenDocument(db, spec, id, version);
  const published = (await publishedRules(db)).documents;
  const sets: PublishedSets = {
    automations: spec.kind === 'automation' ? await withReplaced(db, spec, published.automations, id, document as AutomationDocument) : published.automations,
    skillSets: spec.kind === 'skillset' ? await withReplaced(db, spec, published.skillSets, id, document as SkillSetDocument) : published.skillSets,
    contactGroups:
      spec.kind === 'contactgroup' ? await withReplaced(db, spec, published.contactGroups, id, document as ContactGroupDocument) : published.contactGroups,
    scripts: published.scripts,
  };
  const list = await candidates(db, from, to);
  const facts = await firstMessageFacts(db, list, sets);
  const conversations: DryRunConversation[] = [];

  if (spec.kind === 'automation') {
    const evaluator = compileAutomations(sets.automations, { version: 'dry-run' });
    const firings = await publishedFirings(db, id, list);
    for (const [i, c] of list.entries()) {
      const outcome = (await evaluator.evaluate(facts[i], TRIGGERS, { explain: true })).automations.find((a) => a.id === id)!;
      const fired = outcome.status === 'fired';
      const event = firings.get(c.id);
      const publishedActions = event?.detail?.actions ?? [];
      conversations.push({
        id: c.id,
        fired,
        actions: outcome.actions,
        trace: outcome.trace,
        publishedActions,
        ...(event?.detail?.version !== undefined ? { publishedVersion: event.detail.version } : {}),
        differs: fired !== (event !== undefined) || behaviour(outcome.actions) !== behaviour(publishedActions),
      });
    }
  } else if (spec.kind === 'skillset') {
    const router = compileSkillSets(sets.skillSets, { version: 'dry-run' });
    for (const [i, c] of list.entries()) {
      const route = await router.route(facts[i]);
      const own = await testDocument(document, facts[i]);
      conversations.push({
        id: c.id,
        fired: route?.skillSetId === id,
        actions: [],
        trace: own.valid ? own.trace : {},
        route: route ? { skillSetId: route.skillSetId, name: route.name, target: route.target, strategy: route.strategy } : null,
        stored: { routingTarget: c.routing_target ?? null, teamId: c.team_id, assigneeUserId: c.assignee_user_id },
        differs: !sameTarget(route?.target, c),
      });
    }
  } else {
    const publishedVersion = published.contactGroups.find((p) => p.id === id);
    const before = publishedVersion ? compileContactGroups([publishedVersion], { version: 'published' }) : undefined;
    for (const [i, c] of list.entries()) {
      const own = await testDocument(document, facts[i]);
      const fired = own.valid && own.fired;
      const publishedFired = before ? (await before.groupsOf(facts[i])).includes(id) : null;
      conversations.push({
        id: c.id,
        fired,
        actions: [],
        trace: own.valid ? own.trace : {},
        publishedFired,
        differs: fired !== (publishedFired ?? false),
      });
    }
  }

  return {
    kind: spec.path,
    documentId: id,
    version,
    period: { from: from.toISOString(), to: to.toISOString() },
    conversations,
    summary: {
      evaluated: conversations.length,
      fired: conversations.filter((c) => c.fired).length,
      differing: conversations.filter((c) => c.differs).length,
    },
  };
}

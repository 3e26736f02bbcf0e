/**
 * Dry run of a script (documents.md "API", "Scripts"): which conversations of a period would have
 * started it. A script is selected on a thread's first customer message and on each reopening, so
 * each conversation is evaluated at those moments, with the other published scripts in list order
 * (this version in its place), from the stored facts then: the message, channel, kind, contact and
 * the channel's business hours at that instant; the conversation as a new one has it (unassigned,
 * no tags); contact attributes are today's (their history is not kept). It is compared with
 * whether the script actually started, from the `script.started` events of the audit trail.
 * Nothing is written.
 */
import {
  compileContactGroups,
  evaluateCondition,
  selectScript,
  selectionFromFacts,
  type Facts,
  type ScriptDocument,
  type Trace,
} from '../../../rules/index.js';
import type { Db } from '../../platform/database.js';
import type { KindSpec } from './documents/kinds.js';
import { candidates, chosenDocument, period, withReplaced, type DryRunConversation, type DryRunInput, type DryRunResult } from './dry-run.js';
import { factsOfConversations, type FactsRequest } from './facts.js';
import { publishedRules } from './published.js';

interface Moment {
  conversationId: string;
  /** The first customer message, or a reopening. */
  trigger: 'conversation.created' | 'conversation.reopened';
  request: FactsRequest;
}

interface StartedEvent {
  conversation_id: string;
  detail: { scriptId?: string; version?: number };
}

export async function scriptDryRun(db: Db, spec: KindSpec, id: string, input: DryRunInput = {}, now = new Date()): Promise<DryRunResult> {
  const { from, to } = period(input, now);
  const version = input.version ?? 'draft';
  const document = (await chosenDocument(db, spec, id, version)) as ScriptDocument;
  const published = (await publishedRules(db)).documents;
  const scripts = await withReplaced(db, spec, published.scripts, id, document);
  const list = await candidates(db, from, to);
  const ids = list.map((c) => c.id);

  const reopenings: { conversation_id: string; at: Date }[] = ids.length
    ? await db('conversation_events').whereRaw('conversation_id = ANY(?)', [ids]).andWhere({ type: 'conversation.reopened' }).orderBy('id').select('conversation_id', 'at')
    : [];
  const moments: Moment[] = [];
  for (const c of list) {
    moments.push({ conversationId: c.id, trigger: 'conversation.created', request: { conversationId: c.id, messageId: c.message_id, at: new Date(c.message_at) } });
    for (const r of reopenings.filter((e) => e.conversation_id === c.id)) {
      // the customer message that reopened it is the latest one at the reopening
      moments.push({ conversationId: c.id, trigger: 'conversation.reopened', request: { conversationId: c.id, at: new Date(r.at) } });
    }
  }
  const contactGroups = compileContactGroups(published.contactGroups, { version: 'dry-run' });
  const facts = await factsOfConversations(db, moments.map((m) => m.request), contactGroups);

  const started: StartedEvent[] = ids.length
    ? await db('conversation_events')
        .whereRaw('conversation_id = ANY(?)', [ids])
        .andWhere({ type: 'script.started' })
        .andWhereRaw("actor->>'type' = 'script' AND actor->>'id' = ?", [id])
        .orderBy('id')
        .select('conversation_id', 'detail')
    : [];

  const conversations: DryRunConversation[] = list.map((c) => {
    const mine = moments.map((m, i) => ({ m, f: facts[i]! })).filter(({ m }) => m.conversationId === c.id);
    const actions: Record<string, unknown>[] = [];
    const trace: Trace = {};
    for (const { m, f } of mine) {
      const asNew: Facts = { ...f, 'conversation.status': 'unassigned', 'conversation.tags': [] };
      if (document.when) evaluateCondition(document.when, asNew, trace);
      if (selectScript(scripts, selectionFromFacts(asNew))?.id === id) actions.push({ type: 'startScript', scriptId: id, trigger: m.trigger });
    }
    const publishedActions = started
      .filter((e) => e.conversation_id === c.id)
      .map((e) => ({ type: 'startScript', scriptId: id, ...(e.detail?.version !== undefined ? { version: e.detail.version } : {}) }));
    const fired = actions.length > 0;
    const lastVersion = publishedActions.at(-1)?.version;
    return {
      id: c.id,
      fired,
      actions: actions as unknown as DryRunConversation['actions'],
      trace,
      publishedActions: publishedActions as unknown as DryRunConversation['actions'],
      ...(lastVersion !== undefined ? { publishedVersion: lastVersion } : {}),
      differs: fired !== publishedActions.length > 0,
    };
  });

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

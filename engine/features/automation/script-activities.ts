// Autoresponder scripts, as the conversation workflow asks for them (documents.md "Scripts"):
// which published script starts (its document and version go into the workflow's history, so a
// replay never sees a later publish), the facts its branches see, and what it did, written in one
// transaction: contact attributes, `script.*` audit events and the conversation's `script` column
// (what `GET /api/conversations/{id}` shows while it runs).
import { selectScript, selectionFromFacts } from '../../../rules/index.js';
import type { ConversationActivities, RecordScriptInput, ScriptFactsInput, SelectScriptResult } from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';
import { attributePatchProblem, setContactAttributes } from '../conversations/contact-attributes.js';
import { conversationFacts } from './facts.js';
import { publishedRules } from './published.js';

type ScriptActivities = Pick<ConversationActivities, 'selectScript' | 'scriptFacts' | 'recordScript'>;

export function createScriptActivities(db: Db): ScriptActivities {
  async function factsAt({ conversationId, messageId, at }: ScriptFactsInput) {
    const rules = await publishedRules(db);
    return conversationFacts(db, conversationId, { at: new Date(at), ...(messageId ? { messageId } : {}), contactGroups: rules.contactGroups });
  }

  async function selectScriptActivity(input: ScriptFactsInput): Promise<SelectScriptResult> {
    const rules = await publishedRules(db);
    if (rules.counts.scripts === 0) return { facts: {} };
    const facts = await factsAt(input);
    // the facts say whether it is private and still unassigned, and whether the channel is open
    const chosen = selectScript(rules.documents.scripts, selectionFromFacts(facts));
    if (!chosen) return { facts };
    return {
      script: { id: chosen.id, name: chosen.document.name, version: chosen.version ?? 0, document: chosen.document },
      facts,
    };
  }

  async function recordScript({ conversationId, script, at, writes, running }: RecordScriptInput): Promise<void> {
    const actor = { type: 'script' as const, id: script.id, name: script.name, version: script.version };
    await db.transaction(async (trx) => {
      const row = await trx('conversations').where({ id: conversationId }).forUpdate().first('contact_id');
      if (!row) return;
      const event = (type: string, detail: Record<string, unknown>) =>
        trx('conversation_events').insert({ conversation_id: conversationId, type, actor, detail, at });
      const setAttribute = async (key: string, value: string | number | boolean) => {
        const attributes = { [key]: value };
        // a validated script only names valid keys and stores short values; never fail the workflow on one
        if (attributePatchProblem(attributes)) return;
        await setContactAttributes(trx, { contactId: row.contact_id, attributes, actor, conversationId, at });
      };
      for (const w of writes) {
        switch (w.type) {
          case 'started':
            await event('script.started', { scriptId: script.id, version: script.version });
            break;
          case 'answered':
            await event('script.answered', { stepId: w.stepId, attribute: w.attribute, value: w.value });
            await setAttribute(w.attribute, w.value);
            break;
          case 'setAttribute':
            await setAttribute(w.key, w.value);
            break;
          case 'invalidAnswer':
            await event('script.invalidAnswer', { stepId: w.stepId, attempt: w.attempt });
            break;
          case 'ended':
            await event('script.ended', { reason: w.reason, stepId: w.stepId, ...(w.detail ?? {}) });
            break;
        }
      }
      await trx('conversations')
        .where({ id: conversationId })
        .update({ script: running ? { id: script.id, name: script.name, version: script.version, stepId: running.stepId } : null });
    });
  }

  return {
    selectScript: selectScriptActivity,
    scriptFacts: async (input) => ({ facts: await factsAt(input) }),
    recordScript,
  };
}

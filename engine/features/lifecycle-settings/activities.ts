// Activities of the conversation lifecycle beyond messages and transitions: the settings the
// timers follow, the assignee's presence, automated messages and the CSAT survey.
import { ApplicationFailure } from '@temporalio/common';
import { storedText } from '../encryption/private-data.js';
import type { BusinessHoursSchedule } from '../../../rules/business-hours/index.js';
import { UNKNOWN_CONVERSATION, type ConversationKind } from '../../../workflows/shared.js';
import type {
  ConversationActivities,
  LifecycleSettings,
  Presence,
  SendAutomatedInput,
  SurveyAnswer,
} from '../../../workflows/activities.js';
import type { Db } from '../../platform/database.js';
import { sharedReplyText } from '../saved-replies/repository.js';
import { parseCsatAnswer } from './csat-answer.js';
import { csatVersionFor, type CsatSurvey } from './csat.js';
import { getSetting, SETTING_DEFAULTS, type OrgSettings } from './org-settings.js';

type LifecycleActivities = Pick<
  ConversationActivities,
  'lifecycleSettings' | 'presenceOf' | 'recordAutomated' | 'recordSurvey' | 'answerSurvey' | 'closeSurvey'
>;

/** One query: every setting a conversation of this channel follows. Never cached, so a change an
 * admin just made is what the next conversation sees. */
export async function loadLifecycleSettings(db: Db, channelId: string): Promise<LifecycleSettings> {
  const { rows } = await db.raw(
    `SELECT (SELECT coalesce(jsonb_object_agg(s.key, s.value), '{}'::jsonb) FROM settings s
              WHERE s.org_id = (SELECT org_id FROM channels WHERE id = :channelId)) AS settings,
            (SELECT document->'schedule' FROM business_hours WHERE channel_id = :channelId) AS schedule,
            (SELECT jsonb_build_object('surveyId', id, 'timeoutSeconds', timeout_seconds)
               FROM csat_surveys WHERE channel_id = :channelId) AS csat,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'name', r.name, 'kinds', r.kinds)
                                       ORDER BY r.created_at, r.id), '[]'::jsonb)
               FROM resolution_reasons r JOIN channels ch ON ch.id = :channelId
              WHERE r.org_id = ch.org_id AND ch.type = ANY(r.channel_types)) AS reasons`,
    { channelId },
  );
  const row = rows[0] as {
    settings: Partial<OrgSettings>;
    schedule: BusinessHoursSchedule | null;
    csat: LifecycleSettings['csat'] | null;
    reasons: Array<{ id: string; name: string; kinds: ConversationKind[] }>;
  };
  // Resolving requires one of the reasons that apply to the channel type and the conversation's kind.
  const reasonsFor = (kind: ConversationKind) => row.reasons.filter((r) => r.kinds.includes(kind)).map(({ id, name }) => ({ id, name }));
  const value = <K extends keyof OrgSettings>(key: K): OrgSettings[K] => ({ ...SETTING_DEFAULTS[key], ...(row.settings[key] ?? {}) });
  const autoResolve = value('auto-resolve');
  return {
    autoResolve: {
      ...(autoResolve.new ? { new: autoResolve.new } : {}),
      ...(autoResolve.pending ? { pending: autoResolve.pending } : {}),
    },
    pendingAfterReply: value('pending-after-reply').enabled,
    unassign: value('unassign'),
    ...(row.schedule ? { businessHours: row.schedule } : {}),
    ...(row.csat ? { csat: row.csat } : {}),
    resolutionReasons: { private: reasonsFor('private'), public: reasonsFor('public') },
  };
}

export function createLifecycleActivities(db: Db): LifecycleActivities {
  async function presenceOf({ userId }: { userId: string }): Promise<Presence> {
    const [row] = await db('users as u')
      .leftJoin('user_presence as p', 'p.user_id', 'u.id')
      .where('u.id', userId)
      .select('p.status', 'p.last_seen_at', 'p.status_since', 'u.created_at', db.raw('now() AS now'));
    if (!row?.status) return { status: 'offline', since: new Date(row?.created_at ?? 0).toISOString() };
    const unassign = await getSetting(db, 'unassign');
    const lastSeen = new Date(row.last_seen_at).getTime();
    // Online but silent (no heartbeat) for the offline delay: offline since we last heard from them.
    if (row.status === 'online' && new Date(row.now).getTime() - lastSeen >= unassign.offlineAfterSeconds * 1000) {
      return { status: 'offline', since: new Date(lastSeen).toISOString() };
    }
    return { status: row.status, since: new Date(row.status_since).toISOString() };
  }

  async function recordAutomated({ conversationId, outboundId, actor, text, savedReplyId }: SendAutomatedInput) {
    let body = text;
    if (savedReplyId) {
      // Shared replies only: an automation must never send someone's personal reply.
      const reply = await sharedReplyText(db, savedReplyId);
      if (reply === undefined) return { recorded: false, reason: `shared saved reply ${savedReplyId} does not exist` };
      body = reply;
    }
    if (!body?.trim()) return { recorded: false, reason: 'nothing to send' };
    await recordOutboundRow(db, { conversationId, outboundId, text: body, actor });
    return { recorded: true };
  }

  async function recordSurvey({ conversationId, surveyId, outboundId, at }: { conversationId: string; surveyId: string; outboundId: string; at: string }) {
    return db.transaction(async (trx) => {
      const survey = await trx('csat_surveys').where({ id: surveyId }).first();
      if (!survey) return { reason: 'the survey was deleted' };
      const contact = await trx('conversations as c').join('contacts as ct', 'ct.id', 'c.contact_id').where('c.id', conversationId).first('ct.attributes');
      const language = typeof contact?.attributes?.language === 'string' ? contact.attributes.language : undefined;
      const version = csatVersionFor(
        { id: survey.id, channelId: survey.channel_id, defaultLanguage: survey.default_language, versions: survey.versions, timeoutSeconds: survey.timeout_seconds } as CsatSurvey,
        language,
      );
      const [response] = await trx('csat_responses')
        .insert({ conversation_id: conversationId, survey_id: surveyId, language: version.language, status: 'sent', sent_at: at })
        .returning('id');
      await recordOutboundRow(trx, { conversationId, outboundId, text: version.question, actor: { type: 'system' } });
      await trx('conversation_events').insert({
        conversation_id: conversationId,
        type: 'csat.sent',
        actor: { type: 'system' },
        detail: { surveyId, responseId: response.id, language: version.language },
        at,
      });
      return { responseId: response.id as string };
    });
  }

  async function answerSurvey({ responseId, messageIds, thanksOutboundId, at }: { responseId: string; messageIds: string[]; thanksOutboundId: string; at: string }): Promise<SurveyAnswer> {
    return db.transaction(async (trx) => {
      const response = await trx('csat_responses as r')
        .leftJoin('csat_surveys as s', 's.id', 'r.survey_id')
        .where('r.id', responseId)
        .forUpdate('r')
        .first('r.conversation_id', 'r.status', 'r.language', 's.versions');
      if (!response) throw ApplicationFailure.nonRetryable(`no CSAT response ${responseId}`, 'UnknownSurvey');
      if (response.status !== 'sent') return { answered: false };
      const texts = await trx('messages').whereIn('id', messageIds).orderBy([{ column: 'at' }, { column: 'id' }]).pluck('text');
      const answer = parseCsatAnswer(texts);
      const conversationId = response.conversation_id;
      if (!answer) {
        await closeWith(trx, responseId, conversationId, at, 'the customer wrote something else');
        return { answered: false };
      }
      await trx('csat_responses').where({ id: responseId }).update({ status: 'answered', score: answer.score, comment: answer.comment ?? null, answered_at: at });
      await trx('conversation_events').insert({
        conversation_id: conversationId,
        type: 'csat.answered',
        actor: { type: 'customer' },
        detail: { responseId, score: answer.score, ...(answer.comment ? { comment: answer.comment } : {}) },
        at,
      });
      const thanks = (response.versions as { language: string; thanks: string }[] | null)?.find((v) => v.language === response.language)?.thanks;
      if (thanks) await recordOutboundRow(trx, { conversationId, outboundId: thanksOutboundId, text: thanks, actor: { type: 'system' } });
      return answer.comment ? { answered: true, score: answer.score, comment: answer.comment } : { answered: true, score: answer.score };
    });
  }

  async function closeSurvey({ responseId, at }: { responseId: string; at: string }): Promise<void> {
    await db.transaction(async (trx) => {
      const response = await trx('csat_responses').where({ id: responseId }).forUpdate().first('conversation_id', 'status');
      if (!response || response.status !== 'sent') return;
      await closeWith(trx, responseId, response.conversation_id, at, 'no answer in time');
    });
  }

  return {
    lifecycleSettings: ({ channelId }) => loadLifecycleSettings(db, channelId),
    presenceOf,
    recordAutomated,
    recordSurvey,
    answerSurvey,
    closeSurvey,
  };
}

async function closeWith(trx: Db, responseId: string, conversationId: string, at: string, reason: string): Promise<void> {
  await trx('csat_responses').where({ id: responseId }).update({ status: 'unanswered' });
  await trx('conversation_events').insert({ conversation_id: conversationId, type: 'csat.unanswered', actor: { type: 'system' }, detail: { responseId, reason }, at });
}

/** An outbound message recorded under our own id before anything is sent (idempotent on the id). */
export async function recordOutboundRow(
  db: Db,
  { conversationId, outboundId, text, actor }: { conversationId: string; outboundId: string; text: string; actor: unknown },
): Promise<void> {
  const run = async (trx: Db) => {
    const convo = await trx('conversations as c')
      .join('contacts as ct', 'ct.id', 'c.contact_id')
      .where('c.id', conversationId)
      .first('c.channel_id', 'c.thread_key', 'c.kind', 'c.post_id', 'ct.provider_id');
    if (!convo) throw ApplicationFailure.nonRetryable(`conversation ${conversationId} does not exist`, UNKNOWN_CONVERSATION);
    const inserted = await trx('messages')
      .insert({
        channel_id: convo.channel_id,
        conversation_id: conversationId,
        thread_key: convo.thread_key,
        kind: convo.kind,
        direction: 'out',
        author: actor,
        contact_provider_id: convo.provider_id,
        text: storedText(convo.kind, text),
        post_id: convo.post_id,
        at: trx.fn.now(),
        outbound_id: outboundId,
        send_status: 'pending',
        delivery_status: 'pending',
      })
      .onConflict('outbound_id')
      .ignore()
      .returning('id');
    if (inserted.length) {
      await trx('conversations').where({ id: conversationId }).update({
        last_message_text: storedText(convo.kind, text),
        last_message_direction: 'out',
        last_message_at: trx.fn.now(),
        updated_at: trx.fn.now(),
      });
    }
  };
  if (db.isTransaction) await run(db);
  else await db.transaction(run);
}

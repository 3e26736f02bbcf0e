import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { ROUTINGS, WEEKDAYS } from '../../../rules/business-hours/index.js';
import { CONVERSATION_KINDS } from '../../../rules/facts.js';
import { currentUser } from '../../http/request.js';
import { route } from '../../http/route.js';
import { responses, uuid } from '../../http/schemas.js';
import type { Db } from '../../platform/database.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { getChannel } from '../channels/repository.js';
import { broadcastSettingsChanged } from './broadcast.js';
import { getSetting, putSetting, type OrgSettings } from './org-settings.js';
import { getResolutionReason } from './resolution-reasons.js';
import { settingAudit } from '../audit/targets.js';

// Lifecycle settings (api.md, "Lifecycle settings", and "Lists" for resolution reasons).

export const MAX_SECONDS = 365 * 24 * 3600;

export async function channelOr404(db: Db, id: string) {
  const channel = await getChannel(db, id);
  if (!channel) throw new NotFound('no channel with that id');
  return channel;
}

// ---- business hours -------------------------------------------------------------------------

// Nested objects carry no label: joi would name them by it in messages ("OutsideHours" is required).
// joi checks the shape (and documents it); the business-hours rules check the meaning (time zone,
// times, overlaps) and name the interval at fault.
export const businessHoursDocument = Joi.object({
  timeZone: Joi.string().required().description('IANA time zone of the channel').example('Europe/Paris'),
  weekly: Joi.array()
    .items(
      Joi.object({
        day: Joi.string().valid(...WEEKDAYS).required(),
        open: Joi.string().required().description('HH:MM, local time; open at this minute').example('09:00'),
        close: Joi.string().required().description('HH:MM; closed from this minute; ≤ open means past midnight').example('17:30'),
      }),
    )
    .max(200)
    .required()
    .description('Opening intervals; several per day are split shifts'),
  holidays: Joi.array()
    .items(Joi.object({ date: Joi.string().required().example('2026-12-25'), name: Joi.string().allow('') }))
    .max(1000)
    .default([])
    .description('Local dates on which the intervals starting that day do not open'),
  outsideHours: Joi.object({
    messageText: Joi.string().allow('').description('Sent to customers writing outside hours'),
    routing: Joi.string().valid(...ROUTINGS).required().description('atOpening: route when the channel opens; immediately: route now'),
  })
    .required()
    .description('What customers writing while closed get'),
}).label('BusinessHours');

export const businessHoursStatusBody = Joi.object({
  open: Joi.boolean(),
  nextOpenAt: Joi.string().isoDate().optional().description('Absent while open'),
  nextCloseAt: Joi.string().isoDate().optional().description('Absent while closed or when it never closes'),
}).label('BusinessHoursStatus');

// ---- org settings ---------------------------------------------------------------------------

export const seconds = (what: string) =>
  Joi.number().integer().min(1).max(MAX_SECONDS).description(what).example(86400);

export const autoResolveRule = Joi.object({
  afterSeconds: seconds('Seconds without activity before resolving').required(),
  reasonId: uuid.description('Resolution reason recorded (GET /api/resolution-reasons)'),
})
  .allow(null)
  ;

export const autoResolveBody = Joi.object({
  new: autoResolveRule.description('Resolve New conversations without activity; null: off'),
  pending: autoResolveRule.description('Resolve Pending conversations without activity; null: off'),
}).label('AutoResolve');
export const unassignBody = Joi.object({
  enabled: Joi.boolean().required().description("Unassign an offline agent's conversation that a customer message moves back to new"),
  offlineAfterSeconds: seconds('An agent not heard from (PUT /api/me/presence) for this long counts as offline').required().example(120),
}).label('Unassign');
export const pendingAfterReplyBody = Joi.object({
  enabled: Joi.boolean().required().description('An agent reply moves the conversation to Pending'),
}).label('PendingAfterReply');

/** Settings the conversation workflows time by: running conversations reload them when they change. */
export const LIFECYCLE_KEYS = new Set<string>(['auto-resolve', 'unassign', 'pending-after-reply']);

export function settingRoutes<K extends keyof OrgSettings>(key: K, what: string, schema: Joi.ObjectSchema, putSchema: Joi.ObjectSchema, notes: string, check?: (db: Db, value: OrgSettings[K]) => Promise<void>, after?: (db: Db) => Promise<void>): ServerRoute[] {
  return [
    route({
      method: 'PUT',
      path: `/api/settings/${key}`,
      admin: true,
      audit: settingAudit(key),
      description: `Set ${what} (admin)`,
      ...(notes ? { notes } : {}),
      tags: ['settings'],
      validate: { payload: putSchema },
      docs: responses(schema, [400, 401, 403]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const input = request.payload as Partial<OrgSettings[K]>;
        const value = { ...(await getSetting(db, key)), ...input } as OrgSettings[K];
        if (check) await check(db, value);
        const stored = await putSetting(db, key, value, currentUser(request).id);
        if (after) await after(db);
        if (LIFECYCLE_KEYS.has(key)) await broadcastSettingsChanged(request.server.app.ctx);
        return stored;
      },
    }),
    route({
      method: 'GET',
      path: `/api/settings/${key}`,
      admin: true,
      description: `${what[0].toUpperCase()}${what.slice(1)} (admin)`,
      tags: ['settings'],
      docs: responses(schema, [401, 403]),
      handler: (request) => getSetting(request.server.app.ctx.db, key),
    }),
  ];
}

export async function checkAutoResolve(db: Db, value: OrgSettings['auto-resolve']) {
  for (const queue of ['new', 'pending'] as const) {
    const reasonId = value[queue]?.reasonId;
    if (reasonId && !(await getResolutionReason(db, reasonId))) {
      throw new Invalid(`${queue}.reasonId "${reasonId}" is not a resolution reason: create it with POST /api/resolution-reasons or pick one from GET /api/resolution-reasons`);
    }
  }
}

// ---- resolution reasons ---------------------------------------------------------------------

export const reason = Joi.object({
  id: Joi.string(),
  name: Joi.string(),
  channelTypes: Joi.array().items(Joi.string()),
  kinds: Joi.array().items(Joi.string().valid(...CONVERSATION_KINDS)),
}).label('ResolutionReason');

// ---- presence -------------------------------------------------------------------------------


// ---- CSAT surveys ---------------------------------------------------------------------------

export const language = Joi.string()
  .pattern(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  .messages({ 'string.pattern.base': '{{#label}} must be a language tag such as "fr" or "en-GB"' });

export const csatVersion = Joi.object({
  language: language.required().example('fr'),
  question: Joi.string().trim().min(1).max(1000).required().example('Comment évaluez-vous notre réponse ? (1–5)'),
  thanks: Joi.string().trim().min(1).max(1000).required().example('Merci !'),
});

export const csatSurvey = Joi.object({
  id: Joi.string(),
  channelId: Joi.string(),
  defaultLanguage: Joi.string(),
  versions: Joi.array().items(csatVersion),
  timeoutSeconds: Joi.number().integer(),
}).label('CsatSurvey');

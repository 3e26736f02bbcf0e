import { broadcastSettingsChanged } from './broadcast.js';
import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { ROUTINGS, WEEKDAYS } from '../../../rules/business-hours/index.js';
import { getChannel } from '../channels/repository.js';
import type { Db } from '../../platform/database.js';
import {
  businessHoursStatus,
  checkBusinessHours,
  deleteBusinessHours,
  getBusinessHours,
  putBusinessHours,
} from './business-hours.js';
import { createCsatSurvey, csatSurveyOfChannel, deleteCsatSurvey, listCsatSurveys } from './csat.js';
import { getSetting, putSetting, type OrgSettings } from './org-settings.js';
import { listPresence, PRESENCE_STATUSES, setPresence } from '../routing/presence.js';
import { createResolutionReason, getResolutionReason, listResolutionReasons } from './resolution-reasons.js';
import { MAX_CAPACITY } from '../routing/capacity.js';
import { notifyCapacity, notifyCapacityEveryone } from '../routing/dispatcher.js';
import { presentForRouting } from '../routing/eligibility.js';
import { routingPresenceOf } from '../routing/agents.js';
import { currentUser, idParam } from '../../http/request.js';
import { idParams, responses, uuid } from '../../http/schemas.js';
import { CHANNEL_TYPES } from '../channels/routes.js';

// Lifecycle settings (api.md, "Lifecycle settings", and "Lists" for resolution reasons).

const MAX_SECONDS = 365 * 24 * 3600;

async function channelOr404(db: Db, id: string) {
  const channel = await getChannel(db, id);
  if (!channel) throw Boom.notFound('no channel with that id');
  return channel;
}

// ---- business hours -------------------------------------------------------------------------

// Nested objects carry no label: joi would name them by it in messages ("OutsideHours" is required).
// joi checks the shape (and documents it); the business-hours rules check the meaning (time zone,
// times, overlaps) and name the interval at fault.
const businessHoursDocument = Joi.object({
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
    .required(),
}).label('BusinessHours');

const businessHoursStatusBody = Joi.object({
  open: Joi.boolean(),
  nextOpenAt: Joi.string().isoDate().optional().description('Absent while open'),
  nextCloseAt: Joi.string().isoDate().optional().description('Absent while closed or when it never closes'),
}).label('BusinessHoursStatus');

const businessHoursRoutes: ServerRoute[] = [
  {
    method: 'PUT',
    path: '/api/channels/{id}/business-hours',
    options: {
      app: { role: 'admin' },
      description: "Replace a channel's business hours (admin)",
      notes: 'The whole document is replaced. Unknown time zone, malformed, zero-length or overlapping intervals → 400 naming the interval.',
      tags: ['api', 'settings'],
      validate: { params: idParams, payload: businessHoursDocument },
      plugins: responses(businessHoursDocument, [400, 401, 403, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        await channelOr404(db, idParam(request));
        const original = request.payload as Parameters<typeof putBusinessHours>[2]['original'];
        const checked = checkBusinessHours(original);
        if (!checked.ok) throw Boom.badRequest(checked.message);
        await putBusinessHours(db, idParam(request), { schedule: checked.schedule, original }, currentUser(request).id);
        await broadcastSettingsChanged(request.server.app.ctx, { channelId: idParam(request) });
        return original;
      },
    },
  },
  {
    method: 'GET',
    path: '/api/channels/{id}/business-hours',
    options: {
      app: { role: 'admin' },
      description: "A channel's business hours document (admin); 404 when it has none (always open)",
      tags: ['api', 'settings'],
      validate: { params: idParams },
      plugins: responses(businessHoursDocument, [400, 401, 403, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        await channelOr404(db, idParam(request));
        const stored = await getBusinessHours(db, idParam(request));
        if (!stored) throw Boom.notFound('this channel has no business hours: it is always open');
        return stored.original;
      },
    },
  },
  {
    method: 'DELETE',
    path: '/api/channels/{id}/business-hours',
    options: {
      app: { role: 'admin' },
      description: "Remove a channel's business hours: it is always open again (admin)",
      tags: ['api', 'settings'],
      validate: { params: idParams },
      plugins: responses(Joi.object({ deleted: Joi.boolean() }).label('BusinessHoursDeleted'), [400, 401, 403, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        await channelOr404(db, idParam(request));
        if (!(await deleteBusinessHours(db, idParam(request)))) throw Boom.notFound('this channel has no business hours: it is already always open');
        await broadcastSettingsChanged(request.server.app.ctx, { channelId: idParam(request) });
        return { deleted: true };
      },
    },
  },
  {
    method: 'GET',
    path: '/api/channels/{id}/business-hours/status',
    options: {
      description: 'Whether a channel is open at an instant, and when that changes',
      tags: ['api', 'settings'],
      validate: {
        params: idParams,
        query: Joi.object({
          at: Joi.date().iso().description('ISO 8601 instant; default now').example('2026-11-23T10:00:00Z')
            .messages({ 'date.format': '"at" must be an ISO 8601 instant, e.g. 2026-11-23T10:00:00Z', 'date.base': '"at" must be an ISO 8601 instant, e.g. 2026-11-23T10:00:00Z' }),
        }).label('BusinessHoursStatusQuery'),
      },
      plugins: responses(businessHoursStatusBody, [400, 401, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        await channelOr404(db, idParam(request));
        const at = (request.query as { at?: Date }).at ?? new Date();
        return businessHoursStatus(db, idParam(request), at);
      },
    },
  },
];

// ---- org settings ---------------------------------------------------------------------------

const seconds = (what: string) =>
  Joi.number().integer().min(1).max(MAX_SECONDS).description(what).example(86400);

const autoResolveRule = Joi.object({
  afterSeconds: seconds('Seconds without activity before resolving').required(),
  reasonId: uuid.description('Resolution reason recorded (GET /api/resolution-reasons)'),
})
  .allow(null)
  ;

const autoResolveBody = Joi.object({ new: autoResolveRule, pending: autoResolveRule }).label('AutoResolve');
const unassignBody = Joi.object({
  enabled: Joi.boolean().required().description("Unassign an offline agent's conversation that a customer message moves back to new"),
  offlineAfterSeconds: seconds('An agent not heard from (PUT /api/me/presence) for this long counts as offline').required().example(120),
}).label('Unassign');
const routingBody = Joi.object({
  defaultCapacity: Joi.number().integer().min(1).max(MAX_CAPACITY).required()
    .description('Most open conversations routing gives an agent without their own capacity').example(10),
}).label('RoutingSettings');
const pendingAfterReplyBody = Joi.object({
  enabled: Joi.boolean().required().description('An agent reply moves the conversation to Pending'),
}).label('PendingAfterReply');

/** Settings the conversation workflows time by: running conversations reload them when they change. */
const LIFECYCLE_KEYS = new Set<string>(['auto-resolve', 'unassign', 'pending-after-reply']);

function settingRoutes<K extends keyof OrgSettings>(key: K, what: string, schema: Joi.ObjectSchema, putSchema: Joi.ObjectSchema, notes: string, check?: (db: Db, value: OrgSettings[K]) => Promise<void>, after?: (db: Db) => Promise<void>): ServerRoute[] {
  return [
    {
      method: 'PUT',
      path: `/api/settings/${key}`,
      options: {
        app: { role: 'admin' },
        description: `Set ${what} (admin)`,
        ...(notes ? { notes } : {}),
        tags: ['api', 'settings'],
        validate: { payload: putSchema },
        plugins: responses(schema, [400, 401, 403]),
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
      },
    },
    {
      method: 'GET',
      path: `/api/settings/${key}`,
      options: {
        app: { role: 'admin' },
        description: `${what[0].toUpperCase()}${what.slice(1)} (admin)`,
        tags: ['api', 'settings'],
        plugins: responses(schema, [401, 403]),
        handler: (request) => getSetting(request.server.app.ctx.db, key),
      },
    },
  ];
}

async function checkAutoResolve(db: Db, value: OrgSettings['auto-resolve']) {
  for (const queue of ['new', 'pending'] as const) {
    const reasonId = value[queue]?.reasonId;
    if (reasonId && !(await getResolutionReason(db, reasonId))) {
      throw Boom.badRequest(`${queue}.reasonId "${reasonId}" is not a resolution reason: create it with POST /api/resolution-reasons or pick one from GET /api/resolution-reasons`);
    }
  }
}

const orgSettingRoutes: ServerRoute[] = [
  ...settingRoutes(
    'auto-resolve',
    'auto-resolve of new and pending conversations',
    Joi.object({ new: autoResolveRule.required(), pending: autoResolveRule.required() }).label('AutoResolveSettings'),
    autoResolveBody.min(1).messages({ 'object.min': 'give "new" and/or "pending": an object with afterSeconds (and optionally reasonId) turns it on, null turns it off' }),
    'An omitted key keeps its current value; null turns that auto-resolve off.',
    checkAutoResolve,
  ),
  ...settingRoutes('unassign', 'the unassign settings', unassignBody, unassignBody, 'Both fields are required.'),
  ...settingRoutes('pending-after-reply', 'the pending-after-reply setting', pendingAfterReplyBody, pendingAfterReplyBody, 'An agent reply moves the conversation to Pending when enabled.'),
  ...settingRoutes(
    'routing',
    'the routing settings',
    routingBody,
    routingBody,
    'defaultCapacity: the most open (assigned or pending) conversations routing gives an agent without their own capacity (PATCH /api/users/{id}).',
    undefined,
    // A higher default may let waiting conversations through.
    notifyCapacityEveryone,
  ),
];

// ---- resolution reasons ---------------------------------------------------------------------

const reason = Joi.object({
  id: Joi.string(),
  name: Joi.string(),
  channelTypes: Joi.array().items(Joi.string()),
  kinds: Joi.array().items(Joi.string().valid('private', 'public')),
}).label('ResolutionReason');

const reasonRoutes: ServerRoute[] = [
  {
    method: 'POST',
    path: '/api/resolution-reasons',
    options: {
      app: { role: 'admin' },
      description: 'Create a resolution reason (admin)',
      notes: 'Resolving requires a reason exactly where at least one reason applies to the channel type and kind.',
      tags: ['api', 'settings'],
      validate: {
        payload: Joi.object({
          name: Joi.string().trim().min(1).max(200).required().example('Answered'),
          channelTypes: Joi.array().items(Joi.string().valid(...CHANNEL_TYPES)).min(1).unique().required().example(['whatsapp', 'x']),
          kinds: Joi.array().items(Joi.string().valid('private', 'public')).min(1).unique().required().example(['private']),
        }).label('NewResolutionReason'),
      },
      plugins: responses(reason, [400, 401, 403, 409], 201),
      handler: async (request, h) => {
        const input = request.payload as Parameters<typeof createResolutionReason>[1];
        const created = await createResolutionReason(request.server.app.ctx.db, input).catch((err) => {
          if (err.code === '23505') throw Boom.conflict(`a resolution reason named "${input.name}" already exists`);
          throw err;
        });
        return h.response(created).code(201);
      },
    },
  },
  {
    method: 'GET',
    path: '/api/resolution-reasons',
    options: {
      description: 'List resolution reasons',
      tags: ['api', 'settings'],
      plugins: responses(Joi.array().items(reason).label('ResolutionReasons'), [401]),
      handler: (request) => listResolutionReasons(request.server.app.ctx.db),
    },
  },
];

// ---- presence -------------------------------------------------------------------------------

const presence = Joi.object({
  userId: Joi.string(),
  status: Joi.string().valid(...PRESENCE_STATUSES),
  lastSeenAt: Joi.string().isoDate().optional(),
  statusSince: Joi.string().isoDate().optional(),
}).label('Presence');

const presenceRoutes: ServerRoute[] = [
  {
    method: 'PUT',
    path: '/api/me/presence',
    options: {
      description: 'Set your presence; also a heartbeat',
      notes: 'Send it periodically while the inbox is open: an agent not heard from for the unassign setting\'s offlineAfterSeconds counts as offline.',
      tags: ['api', 'settings'],
      validate: {
        payload: Joi.object({ status: Joi.string().valid(...PRESENCE_STATUSES).required() }).label('PresenceUpdate'),
      },
      plugins: responses(presence, [400, 401]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const userId = currentUser(request).id;
        const { status } = request.payload as { status: 'online' | 'away' | 'offline' };
        const before = await routingPresenceOf(db, userId);
        const presence = await setPresence(db, userId, status);
        // Becoming online (or heard from again after a silence) may let conversations waiting for
        // this agent through; a mere heartbeat does not.
        if (status === 'online' && (before.presence?.status !== 'online' || !presentForRouting(before.presence, before.now))) await notifyCapacity(db, userId);
        return presence;
      },
    },
  },
  {
    method: 'GET',
    path: '/api/presence',
    options: {
      app: { role: 'admin' },
      description: "Everyone's presence (admin); a user never heard from is offline",
      notes: 'status is what the user set; effectiveStatus is offline when no heartbeat came for the unassign setting\'s offlineAfterSeconds.',
      tags: ['api', 'settings'],
      plugins: responses(
        Joi.array().items(presence.keys({ name: Joi.string(), email: Joi.string(), role: Joi.string(), effectiveStatus: Joi.string().valid(...PRESENCE_STATUSES) }).label('UserPresence')).label('PresenceList'),
        [401, 403],
      ),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const { offlineAfterSeconds } = await getSetting(db, 'unassign');
        return listPresence(db, new Date(), offlineAfterSeconds);
      },
    },
  },
];

// ---- CSAT surveys ---------------------------------------------------------------------------

const language = Joi.string()
  .pattern(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
  .messages({ 'string.pattern.base': '{{#label}} must be a language tag such as "fr" or "en-GB"' });

const csatVersion = Joi.object({
  language: language.required().example('fr'),
  question: Joi.string().trim().min(1).max(1000).required().example('Comment évaluez-vous notre réponse ? (1–5)'),
  thanks: Joi.string().trim().min(1).max(1000).required().example('Merci !'),
});

const csatSurvey = Joi.object({
  id: Joi.string(),
  channelId: Joi.string(),
  defaultLanguage: Joi.string(),
  versions: Joi.array().items(csatVersion),
  timeoutSeconds: Joi.number().integer(),
}).label('CsatSurvey');

const csatRoutes: ServerRoute[] = [
  {
    method: 'POST',
    path: '/api/csat-surveys',
    options: {
      app: { role: 'admin' },
      description: "Create a channel's CSAT survey (admin); one per channel",
      tags: ['api', 'settings'],
      validate: {
        payload: Joi.object({
          channelId: uuid.required(),
          defaultLanguage: language.required().description('Used when the customer\'s language has no version; must be one of the versions').example('fr'),
          versions: Joi.array().items(csatVersion).min(1).max(100).unique('language').required()
            .messages({ 'array.unique': '{{#label}} has two versions in the same language' }),
          timeoutSeconds: seconds('How long the survey waits for an answer').required(),
        }).label('NewCsatSurvey'),
      },
      plugins: responses(csatSurvey, [400, 401, 403, 409], 201),
      handler: async (request, h) => {
        const { db } = request.server.app.ctx;
        const input = request.payload as Parameters<typeof createCsatSurvey>[1];
        if (!(await getChannel(db, input.channelId))) throw Boom.badRequest(`channelId "${input.channelId}" is not a channel (see GET /api/channels)`);
        const languages = input.versions.map((v) => v.language);
        if (!languages.includes(input.defaultLanguage)) {
          throw Boom.badRequest(`defaultLanguage "${input.defaultLanguage}" has no version: use one of ${languages.join(', ')} or add a version in it`);
        }
        const existing = await csatSurveyOfChannel(db, input.channelId);
        if (existing) throw Boom.conflict(`this channel already has a survey (${existing.id}): delete it first with DELETE /api/csat-surveys/${existing.id}`);
        const created = await createCsatSurvey(db, input).catch((err) => {
          if (err.code === '23505') throw Boom.conflict('this channel already has a survey');
          throw err;
        });
        await broadcastSettingsChanged(request.server.app.ctx, { channelId: created.channelId });
        return h.response(created).code(201);
      },
    },
  },
  {
    method: 'GET',
    path: '/api/csat-surveys',
    options: {
      app: { role: 'admin' },
      description: 'List CSAT surveys (admin)',
      tags: ['api', 'settings'],
      plugins: responses(Joi.array().items(csatSurvey).label('CsatSurveys'), [401, 403]),
      handler: (request) => listCsatSurveys(request.server.app.ctx.db),
    },
  },
  {
    method: 'DELETE',
    path: '/api/csat-surveys/{id}',
    options: {
      app: { role: 'admin' },
      description: 'Delete a CSAT survey (admin); its channel sends none until a new one is created',
      tags: ['api', 'settings'],
      validate: { params: idParams },
      plugins: responses(Joi.object({ deleted: Joi.boolean() }).label('CsatSurveyDeleted'), [400, 401, 403, 404]),
      handler: async (request) => {
        const { db } = request.server.app.ctx;
        const survey = await db('csat_surveys').where({ id: idParam(request) }).first('channel_id');
        if (!survey || !(await deleteCsatSurvey(db, idParam(request)))) throw Boom.notFound('no CSAT survey with that id');
        await broadcastSettingsChanged(request.server.app.ctx, { channelId: survey.channel_id });
        return { deleted: true };
      },
    },
  },
];

export const settingsRoutes: ServerRoute[] = [
  ...businessHoursRoutes,
  ...orgSettingRoutes,
  ...reasonRoutes,
  ...presenceRoutes,
  ...csatRoutes,
];

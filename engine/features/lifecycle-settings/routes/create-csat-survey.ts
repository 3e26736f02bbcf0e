import Boom from '@hapi/boom';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses, uuid } from '../../../http/schemas.js';
import { getChannel } from '../../channels/repository.js';
import { broadcastSettingsChanged } from '../broadcast.js';
import { createCsatSurvey, csatSurveyOfChannel } from '../csat.js';
import { csatSurvey, csatVersion, language, seconds } from '../schemas.js';
import { csatSurveyAudit } from '../../audit/targets.js';

export const createCsatSurveyRoute = route({
  method: 'POST',
  path: '/api/csat-surveys',
  admin: true,
  audit: csatSurveyAudit('created'),
  description: "Create a channel's CSAT survey (admin); one per channel",
  tags: ['settings'],
  validate: {
    payload: Joi.object({
      channelId: uuid.required().description('The channel whose resolved conversations get the survey'),
      defaultLanguage: language.required().description('Used when the customer\'s language has no version; must be one of the versions').example('fr'),
      versions: Joi.array().items(csatVersion).min(1).max(100).unique('language').required().description('The survey in each language, one version per language')
        .messages({ 'array.unique': '{{#label}} has two versions in the same language' }),
      timeoutSeconds: seconds('How long the survey waits for an answer').required(),
    }).label('NewCsatSurvey'),
  },
  docs: responses(csatSurvey, [400, 401, 403, 409], 201),
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
    const created = await createCsatSurvey(db, input);
    await broadcastSettingsChanged(request.server.app.ctx, { channelId: created.channelId });
    return h.response(created).code(201);
  },
});

import { broadcastSettingsChanged } from '../broadcast.js';
import Boom from '@hapi/boom';
import { route } from '../../../http/route.js';
import Joi from 'joi';
import { deleteCsatSurvey } from '../csat.js';
import { idParam } from '../../../http/request.js';
import { idParams, responses } from '../../../http/schemas.js';

export const deleteCsatSurveyRoute = route({
  method: 'DELETE',
  path: '/api/csat-surveys/{id}',
  admin: true,
  description: 'Delete a CSAT survey (admin); its channel sends none until a new one is created',
  tags: ['settings'],
  validate: { params: idParams },
  docs: responses(Joi.object({ deleted: Joi.boolean() }).label('CsatSurveyDeleted'), [400, 401, 403, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const survey = await db('csat_surveys').where({ id: idParam(request) }).first('channel_id');
    if (!survey || !(await deleteCsatSurvey(db, idParam(request)))) throw Boom.notFound('no CSAT survey with that id');
    await broadcastSettingsChanged(request.server.app.ctx, { channelId: survey.channel_id });
    return { deleted: true };
  },
});

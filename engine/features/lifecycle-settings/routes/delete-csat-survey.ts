import Boom from '@hapi/boom';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { broadcastSettingsChanged } from '../broadcast.js';
import { deleteCsatSurvey } from '../csat.js';
import { csatSurveyAudit } from '../../audit/targets.js';

export const deleteCsatSurveyRoute = route({
  method: 'DELETE',
  path: '/api/csat-surveys/{id}',
  admin: true,
  audit: csatSurveyAudit('deleted'),
  description: 'Delete a CSAT survey (admin); its channel sends none until a new one is created',
  tags: ['settings'],
  validate: { params: idParams },
  docs: responses(Joi.object({ deleted: Joi.boolean() }).label('CsatSurveyDeleted'), [400, 401, 403, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const deleted = await deleteCsatSurvey(db, idParam(request));
    if (!deleted) throw Boom.notFound('no CSAT survey with that id');
    await broadcastSettingsChanged(request.server.app.ctx, { channelId: deleted.channelId });
    return { deleted: true };
  },
});

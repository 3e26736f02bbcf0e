import Boom from '@hapi/boom';
import Joi from 'joi';
import { dismissUpdate } from '../../../../workflows/shared.js';
import { toBoom } from '../../../http/errors.js';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { conversationItem, responses, uuid } from '../../../http/schemas.js';
import { act, actorOf } from '../actions.js';

export const dismissManyRoute = route({
  method: 'POST',
  path: '/api/conversations/dismiss',
  description: 'Dismiss many conversations; answers one result per id',
  tags: ['conversations'],
  permission: { target: 'conversation', level: 'act', each: 'payload.ids' },
  validate: { payload: Joi.object({ ids: Joi.array().items(uuid).min(1).max(500).unique().required().description('Conversations to dismiss') }).label('BulkDismiss') },
  docs: responses(
    Joi.object({
      results: Joi.array().items(Joi.object({
        id: Joi.string(), ok: Joi.boolean(), conversation: conversationItem.optional(),
        statusCode: Joi.number().optional(), message: Joi.string().optional(),
      }).label('DismissResult')),
    }).label('BulkDismissResult'),
    [400, 401],
  ),
  handler: async (request) => {
    const { ctx } = request.server.app;
    const user = currentUser(request);
    const { ids } = request.payload as { ids: string[] };
    const results = await Promise.all(ids.map(async (id) => {
      try {
        // Refused by the declared permission (features/permissions): this id's result says why.
        const refused = request.plugins.refused?.get(id);
        if (refused) throw refused;
        return { id, ok: true, conversation: await act(ctx, user, id, dismissUpdate, { actor: actorOf(user) }) };
      } catch (err) {
        const boom = Boom.isBoom(err) ? err : toBoom(err);
        if (!boom) throw err;
        return { id, ok: false, statusCode: boom.output.statusCode, message: boom.message };
      }
    }));
    return { results };
  },
});

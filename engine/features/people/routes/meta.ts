import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';

export const metaRoute = route({
  method: 'GET',
  path: '/api/meta',
  description: 'What the UI needs to know about this installation',
  notes: 'temporalUiUrl is given to admins only, and only when a Temporal Web UI runs beside the engine (npm start); a conversation\'s workflow is at {temporalUiUrl}/namespaces/{namespace}/workflows/{workflowId}.',
  tags: ['auth'],
  docs: responses(
    Joi.object({
      namespace: Joi.string().description('The Temporal namespace of the conversation workflows'),
      temporalUiUrl: Joi.string().allow(null).description('Base URL of the Temporal Web UI (admins); null: none known'),
    }).label('Meta'),
    [401],
  ),
  handler: (request) => {
    const { ctx } = request.server.app;
    const admin = currentUser(request).role === 'admin';
    return { namespace: ctx.namespace, temporalUiUrl: admin ? (ctx.temporalUiUrl ?? null) : null };
  },
});

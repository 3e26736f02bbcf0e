import Boom from '@hapi/boom';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { contactCard } from '../contact-schemas.js';
import { getContactCard } from '../contacts-repository.js';

export const getContactRoute = route({
  method: 'GET',
  path: '/api/contacts/{id}',
  description: 'A contact with its attributes and its conversations of the last six months',
  tags: ['contacts'],
  permission: { target: 'contact', level: 'read' },
  validate: { params: idParams },
  docs: responses(contactCard, [400, 401, 404]),
  handler: async (request) => {
    const card = await getContactCard(request.server.app.ctx.db, idParam(request));
    if (!card) throw Boom.notFound('no contact with that id');
    return card;
  },
});

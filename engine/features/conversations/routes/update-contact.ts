import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses, uuid } from '../../../http/schemas.js';
import { setContactAttributes, type AttributePatch } from '../contact-attributes.js';
import { contactCard } from '../contact-schemas.js';
import { getContactCard } from '../contacts-repository.js';
import { agentActor } from '../label-schemas.js';

export const updateContactRoute = route({
  method: 'PATCH',
  path: '/api/contacts/{id}',
  description: 'Merge attributes into the contact\'s (null removes a key); keys are 1–64 letters, digits, "_" or "-"; text up to 500 characters',
  tags: ['contacts'],
  permission: { target: 'contact', level: 'act' },
  validate: {
    params: idParams,
    payload: Joi.object({
      // Keys and values are checked by setContactAttributes, the one rule for agents and automations.
      attributes: Joi.object().max(100).required().description('Attributes to set; null removes one').example({ plan: 'gold', orderNumber: null }),
      conversationId: uuid.description('The conversation whose audit trail records the change (default: the contact\'s latest)'),
    }).label('ContactPatch'),
  },
  docs: responses(contactCard, [400, 401, 404]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const contactId = idParam(request);
    const { attributes, conversationId } = request.payload as { attributes: AttributePatch; conversationId?: string };
    await setContactAttributes(db, { contactId, attributes, conversationId, actor: agentActor(currentUser(request)) });
    return (await getContactCard(db, contactId))!;
  },
});

import { route } from '../../../http/route.js';
import { currentUser } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { putAttributeDisplay, type AttributeDisplay } from '../attribute-settings.js';
import { attributeDisplayList } from '../schemas.js';
import { contactAttributesAudit } from '../../audit/targets.js';

export const putAttributeDisplayRoute = route({
  method: 'PUT',
  path: '/api/settings/contact-attributes',
  admin: true,
  audit: contactAttributesAudit,
  description: 'Choose which contact attributes agents see and their order (admin); replaces the whole list',
  tags: ['settings'],
  validate: { payload: attributeDisplayList },
  docs: responses(attributeDisplayList, [400, 401, 403]),
  handler: (request) => putAttributeDisplay(request.server.app.ctx.db, request.payload as AttributeDisplay[], currentUser(request).id),
});

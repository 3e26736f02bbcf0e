import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { getAttributeDisplay } from '../attribute-settings.js';
import { attributeDisplayList } from '../schemas.js';

export const getAttributeDisplayRoute = route({
  method: 'GET',
  path: '/api/settings/contact-attributes',
  description: 'Which contact attributes agents see, in which order',
  tags: ['settings'],
  docs: responses(attributeDisplayList, [401]),
  handler: (request) => getAttributeDisplay(request.server.app.ctx.db),
});

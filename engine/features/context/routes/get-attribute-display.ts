import type { ServerRoute } from '@hapi/hapi';
import { responses } from '../../../http/schemas.js';
import { getAttributeDisplay } from '../attribute-settings.js';
import { attributeDisplayList } from '../schemas.js';

export const getAttributeDisplayRoute: ServerRoute = {
  method: 'GET',
  path: '/api/settings/contact-attributes',
  options: {
    description: 'Which contact attributes agents see, in which order',
    tags: ['api', 'settings'],
    plugins: responses(attributeDisplayList, [401]),
    handler: (request) => getAttributeDisplay(request.server.app.ctx.db),
  },
};

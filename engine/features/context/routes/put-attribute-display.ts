import type { ServerRoute } from '@hapi/hapi';
import { currentUser } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { putAttributeDisplay, type AttributeDisplay } from '../attribute-settings.js';
import { attributeDisplayList } from '../schemas.js';

export const putAttributeDisplayRoute: ServerRoute = {
  method: 'PUT',
  path: '/api/settings/contact-attributes',
  options: {
    app: { role: 'admin' },
    description: 'Choose which contact attributes agents see and their order (admin); replaces the whole list',
    tags: ['api', 'settings'],
    validate: { payload: attributeDisplayList },
    plugins: responses(attributeDisplayList, [400, 401, 403]),
    handler: (request) => putAttributeDisplay(request.server.app.ctx.db, request.payload as AttributeDisplay[], currentUser(request).id),
  },
};

import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { getOrganisation } from '../organisation-repository.js';
import { organisation } from '../schemas.js';

export const getOrganisationRoute = route({
  method: 'GET',
  path: '/api/settings/organisation',
  description: "The organisation's name and default time zone",
  tags: ['settings'],
  docs: responses(organisation, [401]),
  handler: (request) => getOrganisation(request.server.app.ctx.db),
});

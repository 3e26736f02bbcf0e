import Joi from 'joi';
import { IANAZone } from 'luxon';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { Invalid } from '../../../platform/errors.js';
import { updateOrganisation } from '../organisation-repository.js';
import { organisation } from '../schemas.js';
import { organisationAudit } from '../../audit/targets.js';

export const updateOrganisationRoute = route({
  method: 'PUT',
  path: '/api/settings/organisation',
  admin: true,
  audit: organisationAudit,
  description: "Change the organisation's name or default time zone (admin)",
  tags: ['settings'],
  validate: {
    payload: Joi.object({
      name: Joi.string().trim().min(1).max(200).description('The organisation\'s name').example('Acme support'),
      timeZone: Joi.string().max(100).allow(null).description('IANA time zone users without their own default to; null: UTC').example('Europe/Paris'),
    }).min(1).label('OrganisationUpdate'),
  },
  docs: responses(organisation, [400, 401, 403]),
  handler: async (request) => {
    const input = request.payload as { name?: string; timeZone?: string | null };
    if (typeof input.timeZone === 'string' && !IANAZone.isValidZone(input.timeZone)) {
      throw new Invalid(`timeZone "${input.timeZone}" is not an IANA time zone: use a name such as Europe/Paris or America/New_York`);
    }
    return updateOrganisation(request.server.app.ctx.db, input);
  },
});

import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses, uuid } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentRoute, listItem, pascalLabel, service } from '../schemas.js';
import { documentOrderAudit } from '../../audit/targets.js';

export const orderDocumentsRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'POST',
    path: `${base}/order`,
    admin: true,
    audit: documentOrderAudit(spec),
    description: `Set the evaluation order of ${what}s (admin): ids must be exactly the list's ids`,
    tags,
    validate: { payload: Joi.object({ ids: Joi.array().items(uuid).required().description(`Every ${what} id, in the new order`) }).label(`${pascalLabel(what)}Order`) },
    docs: responses(Joi.array().items(listItem).label('DocumentList'), [400, 401, 403]),
    handler: (request) => service(request, spec).order((request.payload as { ids: string[] }).ids),
  });
};

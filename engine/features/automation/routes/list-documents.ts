import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentRoute, listItem, service } from '../schemas.js';

export const listDocumentsRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'GET',
    path: base,
    admin: true,
    description: `List ${what}s in evaluation order (admin)`,
    tags,
    docs: responses(Joi.array().items(listItem).label('DocumentList'), [401, 403]),
    handler: (request) => service(request, spec).list(),
  });
};

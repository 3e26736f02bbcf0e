import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { type KindSpec } from '../documents/kinds.js';
import { responses } from '../../../http/schemas.js';

import { documentRoute, listItem, service } from '../schemas.js';

export const listDocumentsRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what, admin } = documentRoute(spec);
  return {
    method: 'GET',
    path: base,
    options: {
      app: admin,
      description: `List ${what}s in evaluation order (admin)`,
      tags,
      plugins: responses(Joi.array().items(listItem).label('DocumentList'), [401, 403]),
      handler: (request) => service(request, spec).list(),
    },
  };
};

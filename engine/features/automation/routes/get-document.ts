import type { ServerRoute } from '@hapi/hapi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { detail, documentRoute, service } from '../schemas.js';

export const getDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'GET',
    path: `${base}/{id}`,
    admin: true,
    description: `One ${what}: its draft, the published version and every version (admin)`,
    tags,
    validate: { params: idParams },
    docs: responses(detail, [400, 401, 403, 404]),
    handler: (request) => service(request, spec).get(idParam(request)),
  });
};

import type { ServerRoute } from '@hapi/hapi';
import { route } from '../../../http/route.js';
import { type KindSpec } from '../documents/kinds.js';

import { created, documentPayload, documentResponses, documentRoute, service } from '../schemas.js';
import { documentAudit } from '../../audit/targets.js';

export const createDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'POST',
    path: base,
    admin: true,
    audit: documentAudit(spec, 'created'),
    description: `Create a ${what} from a valid document (admin); it goes last in the list`,
    tags,
    validate: { payload: documentPayload },
    docs: documentResponses(created, [400, 401, 403], 201),
    handler: async (request, h) => {
      const { document } = request.payload as { document: unknown };
      return h.response(await service(request, spec).create(document)).code(201);
    },
  });
};

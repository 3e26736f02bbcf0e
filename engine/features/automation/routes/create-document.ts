import type { ServerRoute } from '@hapi/hapi';
import { type KindSpec } from '../documents/kinds.js';

import { documentRoute, documentPayload, documentResponses, created, service } from '../schemas.js';

export const createDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what, admin } = documentRoute(spec);
  return {
    method: 'POST',
    path: base,
    options: {
      app: admin,
      description: `Create a ${what} from a valid document (admin); it goes last in the list`,
      tags,
      validate: { payload: documentPayload },
      plugins: documentResponses(created, [400, 401, 403], 201),
      handler: async (request, h) => {
        const { document } = request.payload as { document: unknown };
        return h.response(await service(request, spec).create(document)).code(201);
      },
    },
  };
};

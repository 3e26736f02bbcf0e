import type { ServerRoute } from '@hapi/hapi';
import { type KindSpec } from '../documents/kinds.js';
import { responses } from '../../../http/schemas.js';

import { documentRoute, documentPayload, service, validation } from '../schemas.js';

export const validateDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what, admin } = documentRoute(spec);
  return {
    method: 'POST',
    path: `${base}/validate`,
    options: {
      app: admin,
      description: `Validate a ${what} document without storing it (admin)`,
      tags,
      validate: { payload: documentPayload },
      plugins: responses(validation, [400, 401, 403]),
      handler: (request) => service(request, spec).validate((request.payload as { document: unknown }).document),
    },
  };
};

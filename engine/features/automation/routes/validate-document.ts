import type { ServerRoute } from '@hapi/hapi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentPayload, documentRoute, service, validation } from '../schemas.js';

export const validateDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'POST',
    path: `${base}/validate`,
    admin: true,
    // Checks a document; stores nothing.
    audit: 'no change',
    description: `Validate a ${what} document without storing it (admin)`,
    tags,
    validate: { payload: documentPayload },
    docs: responses(validation, [400, 401, 403]),
    handler: (request) => service(request, spec).validate((request.payload as { document: unknown }).document),
  });
};

import type { ServerRoute } from '@hapi/hapi';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentResponses, documentRoute, published, service } from '../schemas.js';
import { documentAudit } from '../../audit/targets.js';

export const publishDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'POST',
    path: `${base}/{id}/publish`,
    admin: true,
    audit: documentAudit(spec, 'published'),
    description: `Publish a ${what}'s draft as a new immutable version (admin). An invalid draft → 400, nothing changes; a draft identical to the published version adds no version (unchanged: true)`,
    tags,
    validate: { params: idParams },
    docs: documentResponses(published, [400, 401, 403, 404]),
    handler: (request) => service(request, spec).publish(idParam(request), currentUser(request).id),
  });
};

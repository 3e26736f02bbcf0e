import type { ServerRoute } from '@hapi/hapi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentPayload, documentResponses, documentRoute, savedDraft, service } from '../schemas.js';
import { documentAudit } from '../../audit/targets.js';

export const saveDraftRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'PUT',
    path: `${base}/{id}/draft`,
    admin: true,
    audit: documentAudit(spec, 'draft-saved'),
    description: `Save a ${what}'s draft (admin). A draft may be invalid while being edited: it is saved and its problems answered; only a valid draft can be published`,
    tags,
    validate: { params: idParams, payload: documentPayload },
    docs: documentResponses(savedDraft, [400, 401, 403, 404]),
    handler: (request) => service(request, spec).saveDraft(idParam(request), (request.payload as { document: unknown }).document),
  });
};

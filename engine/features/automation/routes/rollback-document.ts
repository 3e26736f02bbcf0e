import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { currentUser, idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentResponses, documentRoute, published, service } from '../schemas.js';
import { documentAudit } from '../../audit/targets.js';

export const rollbackDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'POST',
    path: `${base}/{id}/rollback`,
    admin: true,
    audit: documentAudit(spec, 'rolled-back'),
    description: `Republish an earlier version of a ${what} as a new version (admin); unknown version → 404`,
    tags,
    validate: {
      params: idParams,
      payload: Joi.object({ version: Joi.number().integer().min(1).required().description('The published version to republish').example(1) }).label('Rollback'),
    },
    docs: documentResponses(published, [400, 401, 403, 404]),
    handler: (request) =>
      service(request, spec).rollback(idParam(request), (request.payload as { version: number }).version, currentUser(request).id),
  });
};

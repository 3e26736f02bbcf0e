import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentRoute, service } from '../schemas.js';
import { documentAudit } from '../../audit/targets.js';

export const deleteDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'DELETE',
    path: `${base}/{id}`,
    admin: true,
    audit: documentAudit(spec, 'deleted'),
    description: `Delete a ${what} (admin); it is no longer evaluated, its versions are kept`,
    tags,
    validate: { params: idParams },
    docs: responses(Joi.object({ deleted: Joi.boolean() }).label('Deleted'), [400, 401, 403, 404]),
    handler: (request) => service(request, spec).remove(idParam(request)),
  });
};

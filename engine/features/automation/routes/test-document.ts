import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentJson, documentResponses, documentRoute, service, testResult } from '../schemas.js';

export const testDocumentRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags, what } = documentRoute(spec);
  return route({
    method: 'POST',
    path: `${base}/test`,
    admin: true,
    // Evaluates against a sample; stores nothing.
    audit: 'no change',
    description: `Evaluate a ${what} document against a sample conversation (admin); nothing is stored or changed`,
    tags,
    validate: {
      payload: Joi.object({
        document: documentJson.required(),
        sample: Joi.object()
          .unknown(true)
          .default({})
          .description('{ message: { text }, channel: { type }, conversation: { kind, ... }, contact: { language, attributes, groups } }')
          .example({ message: { text: 'Je veux un remboursement' }, channel: { type: 'messenger' }, conversation: { kind: 'private' } }),
      }).label('DocumentTest'),
    },
    docs: documentResponses(testResult, [400, 401, 403]),
    handler: (request) => {
      const { document, sample } = request.payload as { document: unknown; sample: Record<string, unknown> };
      return service(request, spec).test(document, sample);
    },
  });
};

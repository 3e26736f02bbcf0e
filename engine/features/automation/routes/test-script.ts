import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { type KindSpec } from '../documents/kinds.js';

import { documentRoute, documentJson, documentResponses, service } from '../schemas.js';

const transcriptEntry = Joi.object({
  stepId: Joi.string().description('The step that sent, or that the answer was given to').example('s2'),
  sent: Joi.string().optional().description('A message the script would send').example('Votre adresse e-mail ?'),
  answer: Joi.string().allow('').optional().description('One of the given answers').example('jeanne@example.fr'),
  valid: Joi.boolean().optional().description('Whether the answer was valid for its question'),
}).label('ScriptTranscriptEntry');

const scriptSimulation = Joi.object({
  transcript: Joi.array().items(transcriptEntry).description('What the script sent and what it was answered, in order'),
  attributes: Joi.object()
    .pattern(Joi.string(), Joi.alternatives(Joi.string(), Joi.number(), Joi.boolean()).label('ScriptAttributeValue'))
    .description('The contact attributes it would set')
    .label('ScriptAttributes'),
  ended: Joi.object({
    stepId: Joi.string().description('The step where it ended'),
    reason: Joi.string().description('handover | resolved | timeout | invalid').example('handover'),
    handover: Joi.boolean().description('The conversation would be routed'),
    teamId: Joi.string().optional().description('The team a handover step names'),
    reasonId: Joi.string().optional().description('The resolution reason a resolve step names'),
  })
    .allow(null)
    .label('ScriptEnd')
    .description('How it ended; null when the answers ran out while a question waits'),
  waitingAt: Joi.string().optional().description('The question still waiting when the answers ran out'),
}).label('ScriptSimulation');

/** `POST /api/scripts/test` (documents.md "API"): a script against a list of answers, without a conversation. */
export const testScriptRoute = (spec: KindSpec): ServerRoute => {
  const { base, tags } = documentRoute(spec);
  return route({
    method: 'POST',
    path: `${base}/test`,
    admin: true,
    // Simulates a script against answers; stores nothing.
    audit: 'no change',
    description: 'Run a script document against a list of answers (admin): the transcript and the attributes it would set; nothing is stored or sent',
    tags,
    validate: {
      payload: Joi.object({
        document: documentJson.required(),
        sample: Joi.object()
          .unknown(true)
          .default({})
          .description('The conversation facts its branches see: { channel, conversation, contact: { language, attributes, groups } }')
          .example({ contact: { language: 'fr' } }),
        answers: Joi.array()
          .items(Joi.string().allow('').max(4000).description('One customer message'))
          .max(200)
          .default([])
          .description("The customer's messages, in order")
          .example(['jeanne@example.fr', '1']),
      }).label('ScriptTest'),
    },
    docs: documentResponses(scriptSimulation, [400, 401, 403]),
    handler: (request) => {
      const { document, sample, answers } = request.payload as { document: unknown; sample: Record<string, unknown>; answers: string[] };
      return service(request, spec).simulate(document, sample, answers);
    },
  });
};

import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { idParam } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { idParams, responses } from '../../../http/schemas.js';
import { KINDS, type KindSpec } from '../documents/kinds.js';
import { DRY_RUN_LIMITS, dryRun, type DryRunInput } from '../dry-run.js';
import { scriptDryRun } from '../script-dry-run.js';

// POST /api/{kind}/{id}/dry-run (documents.md "API"): a document version replayed over a period's
// conversations, compared with what the published one did. Admin only; nothing is changed.

const traceSchema = Joi.object()
  .pattern(Joi.string(), Joi.object({ value: Joi.any(), result: Joi.any() }).unknown(true))
  .description('Per element id: { value, result }');

const dryRunConversation = Joi.object({
  id: Joi.string(),
  fired: Joi.boolean(),
  actions: Joi.array().items(Joi.object().unknown(true)),
  trace: traceSchema,
  publishedActions: Joi.array()
    .items(Joi.object().unknown(true))
    .optional()
    .description('Automations: what the published version did then; scripts: the times it actually started (audit trail)'),
  publishedVersion: Joi.number().integer().optional(),
  route: Joi.object().unknown(true).allow(null).optional().description('Skill sets: where the set with this version would route'),
  stored: Joi.object().unknown(true).optional().description('Skill sets: the routing stored on the conversation'),
  publishedFired: Joi.boolean().allow(null).optional().description('Contact groups: membership under the published version'),
  differs: Joi.boolean(),
}).label('DryRunConversation');

const dryRunResult = Joi.object({
  kind: Joi.string(),
  documentId: Joi.string(),
  version: Joi.alternatives(Joi.string(), Joi.number()),
  period: Joi.object({ from: Joi.string(), to: Joi.string() }).label('DryRunPeriod'),
  conversations: Joi.array().items(dryRunConversation),
  summary: Joi.object({ evaluated: Joi.number(), fired: Joi.number(), differing: Joi.number() }).label('DryRunSummary'),
}).label('DryRunResult');

const dryRunPayload = Joi.object({
  from: Joi.date().iso().description('Start of the period (ISO); default: 7 days before "to"'),
  to: Joi.date().iso().description('End of the period, excluded (ISO); default: now'),
  version: Joi.alternatives(Joi.string().valid('draft'), Joi.number().integer().min(1))
    .default('draft')
    .description('"draft" or a version number'),
})
  .default({})
  .label('DryRun');

function dryRunRoute(spec: KindSpec): ServerRoute {
  return route({
    method: 'POST',
    path: `/api/${spec.path}/{id}/dry-run`,
    admin: true,
    // Replays past conversations; stores nothing.
    audit: 'no change',
    description:
      `Replay a ${spec.label}'s draft or version over the conversations whose first customer message falls in a period (admin). ` +
      `At most ${DRY_RUN_LIMITS.maxDays} days and ${DRY_RUN_LIMITS.maxConversations} conversations (400 otherwise); nothing is changed`,
    tags: ['documents', spec.path],
    validate: { params: idParams, payload: dryRunPayload.allow(null) },
    docs: responses(dryRunResult, [400, 401, 403, 404]),
    handler: (request) => {
      const input = (request.payload ?? {}) as DryRunInput;
      const run = spec.kind === 'script' ? scriptDryRun : dryRun;
      return run(request.server.app.ctx.db, spec, idParam(request), input);
    },
  });
}

// scripts are not tested against a sample, but they are dry-run: which conversations would start them
export const dryRunRoutes: ServerRoute[] = KINDS.filter((k) => k.testable || k.kind === 'script').map(dryRunRoute);

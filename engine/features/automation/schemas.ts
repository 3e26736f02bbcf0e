import type { Request } from '@hapi/hapi';
import Joi from 'joi';
import { errorBody, responses } from '../../http/schemas.js';
import { type KindSpec } from './documents/kinds.js';
import { DocumentService } from './documents/service.js';

// Admin documents (documents.md "API") for every kind, and the tag and topic lists (api.md
// "Lists"). Every documents route is admin only, reads included; tag and topic lists are
// readable by every signed-in user (agents tag conversations), written by admins.

export const validationError = Joi.object({
  elementId: Joi.string().optional().description('The element to fix, when the problem is inside one').example('c1'),
  path: Joi.string().allow('').description('Where the problem is').example('when.all[0].operator'),
  message: Joi.string().example('"greaterThan" does not apply to "message.text", a text fact'),
}).label('ValidationError');

export const invalidBody = errorBody.keys({ errors: Joi.array().items(validationError).optional() }).label('InvalidDocument');

/** `responses()` with the 400 body of an invalid document (it lists `errors`). */
export function documentResponses(ok: Joi.Schema | undefined, codes: number[], okCode = 200) {
  const r = responses(ok, codes, okCode);
  const listed = r['hapi-swagger'].responses as Record<number, { description: string; schema?: Joi.Schema }>;
  if (listed[400]) listed[400] = { description: 'Invalid: `errors` lists every invalid element', schema: invalidBody };
  return r;
}

export const documentJson = Joi.object()
  .unknown(true)
  .description('An admin document (documents.md): schema, name, enabled, kind-specific fields, layout')
  .example({ schema: 'switchboard.automation/1', name: 'Refunds', enabled: true, triggers: ['message.received'], when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' }] }, then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }], stop: false });
// (no .label: joi would then say "Document" instead of "document" in its messages)

export const documentPayload = Joi.object({ document: documentJson.required() }).label('DocumentPayload');

const publisher = Joi.object({ id: Joi.string(), name: Joi.string().allow(null) }).label('Publisher').description('Who published the version');

export const versionSummary = Joi.object({
  version: Joi.number().integer().example(1),
  hash: Joi.string().description('sha256 of the canonical JSON of the logic (layout left out)'),
  publishedAt: Joi.string(),
  by: publisher.optional(),
  rollbackOf: Joi.number().integer().optional().description('The version this one republished'),
}).label('DocumentVersion');

export const listItem = Joi.object({
  id: Joi.string(),
  name: Joi.string().allow(''),
  enabled: Joi.boolean(),
  draftUpdatedAt: Joi.string(),
  published: Joi.object({
    version: Joi.number().integer(),
    hash: Joi.string(),
    publishedAt: Joi.string(),
    by: publisher.optional(),
  })
    .optional()
    .label('PublishedRef'),
}).label('DocumentListItem');

export const created = Joi.object({ id: Joi.string(), draft: documentJson }).label('CreatedDocument');
export const detail = Joi.object({
  id: Joi.string(),
  draft: documentJson,
  published: versionSummary.keys({ document: documentJson }).allow(null).label('PublishedDocument'),
  versions: Joi.array().items(versionSummary),
}).label('DocumentDetail');
export const savedDraft = Joi.object({ id: Joi.string(), draft: documentJson, valid: Joi.boolean(), errors: Joi.array().items(validationError) }).label('SavedDraft');
export const published = Joi.object({
  version: Joi.number().integer(),
  hash: Joi.string(),
  publishedAt: Joi.string(),
  unchanged: Joi.boolean().description('True when the document was already the published version: no version was added'),
}).label('Published');
export const validation = Joi.object({ valid: Joi.boolean(), errors: Joi.array().items(validationError) }).label('Validation');
export const testResult = Joi.object({
  fired: Joi.boolean(),
  actions: Joi.array().items(Joi.object().unknown(true)),
  trace: Joi.object().pattern(Joi.string(), Joi.object({ value: Joi.any(), result: Joi.any() }).unknown(true)).description('Per element id: { value, result }'),
  route: Joi.object().unknown(true).optional().description('Skill sets: the target and strategy it would route to'),
}).label('TestResult');

export const service = (request: Request, spec: KindSpec) => new DocumentService(request.server.app.ctx.db, spec);

export const pascalLabel = (words: string) => words.replace(/(^| )(\w)/g, (_m, _s, c: string) => c.toUpperCase());

/** What every route of a document kind shares: its base path, tags and name (every one is admin only). */
export function documentRoute(spec: KindSpec) {
  return { base: `/api/${spec.path}`, tags: ['documents', spec.path], what: spec.label };
}

export const listName = Joi.string().trim().min(1).max(200);
export const tag = Joi.object({ id: Joi.string(), name: Joi.string() }).label('Tag');
export const topic = Joi.object({ id: Joi.string(), name: Joi.string(), parentId: Joi.string().optional() }).label('Topic');



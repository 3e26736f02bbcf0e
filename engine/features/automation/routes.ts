import Boom from '@hapi/boom';
import type { Request, ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { KINDS, type KindSpec } from './documents/kinds.js';
import { createTag, createTopic, DuplicateNameError, listTags, listTopics, UnknownParentError } from './documents/lists.js';
import { DocumentService } from './documents/service.js';
import { currentUser, idParam } from '../../http/request.js';
import { errorBody, idParams, responses, uuid } from '../../http/schemas.js';

// Admin documents (documents.md "API") for every kind, and the tag and topic lists (api.md
// "Lists"). Every documents route is admin only, reads included; tag and topic lists are
// readable by every signed-in user (agents tag conversations), written by admins.

const validationError = Joi.object({
  elementId: Joi.string().optional().description('The element to fix, when the problem is inside one').example('c1'),
  path: Joi.string().allow('').description('Where the problem is').example('when.all[0].operator'),
  message: Joi.string().example('"greaterThan" does not apply to "message.text", a text fact'),
}).label('ValidationError');

const invalidBody = errorBody.keys({ errors: Joi.array().items(validationError).optional() }).label('InvalidDocument');

/** `responses()` with the 400 body of an invalid document (it lists `errors`). */
function documentResponses(ok: Joi.Schema | undefined, codes: number[], okCode = 200) {
  const r = responses(ok, codes, okCode);
  const listed = r['hapi-swagger'].responses as Record<number, { description: string; schema?: Joi.Schema }>;
  if (listed[400]) listed[400] = { description: 'Invalid: `errors` lists every invalid element', schema: invalidBody };
  return r;
}

const documentJson = Joi.object()
  .unknown(true)
  .description('An admin document (documents.md): schema, name, enabled, kind-specific fields, layout')
  .example({ schema: 'switchboard.automation/1', name: 'Refunds', enabled: true, triggers: ['message.received'], when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' }] }, then: [{ id: 'a1', type: 'addTags', tags: ['refund'] }], stop: false });
// (no .label: joi would then say "Document" instead of "document" in its messages)

const documentPayload = Joi.object({ document: documentJson.required() }).label('DocumentPayload');

const versionSummary = Joi.object({
  version: Joi.number().integer().example(1),
  hash: Joi.string().description('sha256 of the canonical JSON of the logic (layout left out)'),
  publishedAt: Joi.string(),
  by: Joi.object({ id: Joi.string(), name: Joi.string().allow(null) }).optional().label('Publisher'),
  rollbackOf: Joi.number().integer().optional().description('The version this one republished'),
}).label('DocumentVersion');

const listItem = Joi.object({
  id: Joi.string(),
  name: Joi.string().allow(''),
  enabled: Joi.boolean(),
  draftUpdatedAt: Joi.string(),
  published: Joi.object({ version: Joi.number().integer(), hash: Joi.string(), publishedAt: Joi.string() }).optional().label('PublishedRef'),
}).label('DocumentListItem');

const created = Joi.object({ id: Joi.string(), draft: documentJson }).label('CreatedDocument');
const detail = Joi.object({
  id: Joi.string(),
  draft: documentJson,
  published: versionSummary.keys({ document: documentJson }).allow(null).label('PublishedDocument'),
  versions: Joi.array().items(versionSummary),
}).label('DocumentDetail');
const savedDraft = Joi.object({ id: Joi.string(), draft: documentJson, valid: Joi.boolean(), errors: Joi.array().items(validationError) }).label('SavedDraft');
const published = Joi.object({
  version: Joi.number().integer(),
  hash: Joi.string(),
  publishedAt: Joi.string(),
  unchanged: Joi.boolean().description('True when the document was already the published version: no version was added'),
}).label('Published');
const validation = Joi.object({ valid: Joi.boolean(), errors: Joi.array().items(validationError) }).label('Validation');
const testResult = Joi.object({
  fired: Joi.boolean(),
  actions: Joi.array().items(Joi.object().unknown(true)),
  trace: Joi.object().pattern(Joi.string(), Joi.object({ value: Joi.any(), result: Joi.any() }).unknown(true)).description('Per element id: { value, result }'),
  route: Joi.object().unknown(true).optional().description('Skill sets: the target and strategy it would route to'),
}).label('TestResult');

const service = (request: Request, spec: KindSpec) => new DocumentService(request.server.app.ctx.db, spec);

const pascalLabel = (words: string) => words.replace(/(^| )(\w)/g, (_m, _s, c: string) => c.toUpperCase());

function kindRoutes(spec: KindSpec): ServerRoute[] {
  const base = `/api/${spec.path}`;
  const tags = ['api', 'documents', spec.path];
  const what = spec.label;
  const admin = { role: 'admin' as const };
  const routes: ServerRoute[] = [
    {
      method: 'GET',
      path: base,
      options: {
        app: admin,
        description: `List ${what}s in evaluation order (admin)`,
        tags,
        plugins: responses(Joi.array().items(listItem).label('DocumentList'), [401, 403]),
        handler: (request) => service(request, spec).list(),
      },
    },
    {
      method: 'POST',
      path: base,
      options: {
        app: admin,
        description: `Create a ${what} from a valid document (admin); it goes last in the list`,
        tags,
        validate: { payload: documentPayload },
        plugins: documentResponses(created, [400, 401, 403], 201),
        handler: async (request, h) => {
          const { document } = request.payload as { document: unknown };
          return h.response(await service(request, spec).create(document)).code(201);
        },
      },
    },
    {
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
    },
    {
      method: 'POST',
      path: `${base}/order`,
      options: {
        app: admin,
        description: `Set the evaluation order of ${what}s (admin): ids must be exactly the list's ids`,
        tags,
        validate: { payload: Joi.object({ ids: Joi.array().items(uuid).required().description(`Every ${what} id, in the new order`) }).label(`${pascalLabel(what)}Order`) },
        plugins: responses(Joi.array().items(listItem).label('DocumentList'), [400, 401, 403]),
        handler: (request) => service(request, spec).order((request.payload as { ids: string[] }).ids),
      },
    },
    {
      method: 'GET',
      path: `${base}/{id}`,
      options: {
        app: admin,
        description: `One ${what}: its draft, the published version and every version (admin)`,
        tags,
        validate: { params: idParams },
        plugins: responses(detail, [400, 401, 403, 404]),
        handler: (request) => service(request, spec).get(idParam(request)),
      },
    },
    {
      method: 'PUT',
      path: `${base}/{id}/draft`,
      options: {
        app: admin,
        description: `Save a ${what}'s draft (admin). A draft may be invalid while being edited: it is saved and its problems answered; only a valid draft can be published`,
        tags,
        validate: { params: idParams, payload: documentPayload },
        plugins: documentResponses(savedDraft, [400, 401, 403, 404]),
        handler: (request) => service(request, spec).saveDraft(idParam(request), (request.payload as { document: unknown }).document),
      },
    },
    {
      method: 'DELETE',
      path: `${base}/{id}`,
      options: {
        app: admin,
        description: `Delete a ${what} (admin); it is no longer evaluated, its versions are kept`,
        tags,
        validate: { params: idParams },
        plugins: responses(Joi.object({ deleted: Joi.boolean() }).label('Deleted'), [400, 401, 403, 404]),
        handler: (request) => service(request, spec).remove(idParam(request)),
      },
    },
    {
      method: 'POST',
      path: `${base}/{id}/publish`,
      options: {
        app: admin,
        description: `Publish a ${what}'s draft as a new immutable version (admin). An invalid draft → 400, nothing changes; a draft identical to the published version adds no version (unchanged: true)`,
        tags,
        validate: { params: idParams },
        plugins: documentResponses(published, [400, 401, 403, 404]),
        handler: (request) => service(request, spec).publish(idParam(request), currentUser(request).id),
      },
    },
    {
      method: 'POST',
      path: `${base}/{id}/rollback`,
      options: {
        app: admin,
        description: `Republish an earlier version of a ${what} as a new version (admin); unknown version → 404`,
        tags,
        validate: {
          params: idParams,
          payload: Joi.object({ version: Joi.number().integer().min(1).required().example(1) }).label('Rollback'),
        },
        plugins: documentResponses(published, [400, 401, 403, 404]),
        handler: (request) =>
          service(request, spec).rollback(idParam(request), (request.payload as { version: number }).version, currentUser(request).id),
      },
    },
  ];
  if (spec.testable) {
    routes.push({
      method: 'POST',
      path: `${base}/test`,
      options: {
        app: admin,
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
        plugins: documentResponses(testResult, [400, 401, 403]),
        handler: (request) => {
          const { document, sample } = request.payload as { document: unknown; sample: Record<string, unknown> };
          return service(request, spec).test(document, sample);
        },
      },
    });
  } else if (spec.kind === 'script') {
    routes.push(scriptTestRoute(spec));
  }
  return routes;
}

const transcriptEntry = Joi.object({
  stepId: Joi.string().description('The step that sent, or that the answer was given to').example('s2'),
  sent: Joi.string().optional().description('A message the script would send').example('Votre adresse e-mail ?'),
  answer: Joi.string().allow('').optional().description('One of the given answers').example('jeanne@example.fr'),
  valid: Joi.boolean().optional().description('Whether the answer was valid for its question'),
}).label('ScriptTranscriptEntry');

const scriptSimulation = Joi.object({
  transcript: Joi.array().items(transcriptEntry).description('What the script sent and what it was answered, in order'),
  attributes: Joi.object().pattern(Joi.string(), Joi.alternatives(Joi.string(), Joi.number(), Joi.boolean()).label('ScriptAttributeValue')).description('The contact attributes it would set').label('ScriptAttributes'),
  ended: Joi.object({
    stepId: Joi.string().description('The step where it ended'),
    reason: Joi.string().description('handover | resolved | timeout | invalid').example('handover'),
    handover: Joi.boolean().description('The conversation would be routed'),
    teamId: Joi.string().optional().description('The team a handover step names'),
    reasonId: Joi.string().optional().description('The resolution reason a resolve step names'),
  }).allow(null).label('ScriptEnd').description('How it ended; null when the answers ran out while a question waits'),
  waitingAt: Joi.string().optional().description('The question still waiting when the answers ran out'),
}).label('ScriptSimulation');

/** `POST /api/scripts/test`: the script against a list of answers, without a conversation. */
function scriptTestRoute(spec: KindSpec): ServerRoute {
  return {
    method: 'POST',
    path: `/api/${spec.path}/test`,
    options: {
      app: { role: 'admin' },
      description: 'Run a script document against a list of answers (admin): the transcript and the attributes it would set; nothing is stored or sent',
      tags: ['api', 'documents', spec.path],
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
      plugins: documentResponses(scriptSimulation, [400, 401, 403]),
      handler: (request) => {
        const { document, sample, answers } = request.payload as { document: unknown; sample: Record<string, unknown>; answers: string[] };
        return service(request, spec).simulate(document, sample, answers);
      },
    },
  };
}

const listName = Joi.string().trim().min(1).max(200);
const tag = Joi.object({ id: Joi.string(), name: Joi.string() }).label('Tag');
const topic = Joi.object({ id: Joi.string(), name: Joi.string(), parentId: Joi.string().optional() }).label('Topic');

function listErrors(err: unknown): never {
  if (err instanceof DuplicateNameError) throw Boom.conflict(err.message);
  if (err instanceof UnknownParentError) throw Boom.badRequest(err.message);
  throw err;
}

const listRoutes: ServerRoute[] = [
  {
    method: 'GET',
    path: '/api/tags',
    options: {
      description: 'List tags',
      tags: ['api', 'lists'],
      plugins: responses(Joi.array().items(tag).label('Tags'), [401]),
      handler: (request) => listTags(request.server.app.ctx.db),
    },
  },
  {
    method: 'POST',
    path: '/api/tags',
    options: {
      app: { role: 'admin' },
      description: 'Add a tag (admin); names are unique ignoring case (409)',
      tags: ['api', 'lists'],
      validate: { payload: Joi.object({ name: listName.required().example('refund') }).label('NewTag') },
      plugins: responses(tag, [400, 401, 403, 409], 201),
      handler: async (request, h) => {
        const { name } = request.payload as { name: string };
        return h.response(await createTag(request.server.app.ctx.db, name).catch(listErrors)).code(201);
      },
    },
  },
  {
    method: 'GET',
    path: '/api/topics',
    options: {
      description: 'List topics (a tree: each names its parentId)',
      tags: ['api', 'lists'],
      plugins: responses(Joi.array().items(topic).label('Topics'), [401]),
      handler: (request) => listTopics(request.server.app.ctx.db),
    },
  },
  {
    method: 'POST',
    path: '/api/topics',
    options: {
      app: { role: 'admin' },
      description: 'Add a topic (admin), under parentId if given; unknown parent → 400, a name taken under the same parent → 409',
      tags: ['api', 'lists'],
      validate: {
        payload: Joi.object({
          name: listName.required().example('Billing'),
          parentId: uuid.optional().description('The parent topic'),
        }).label('NewTopic'),
      },
      plugins: responses(topic, [400, 401, 403, 409], 201),
      handler: async (request, h) => {
        const input = request.payload as { name: string; parentId?: string };
        return h.response(await createTopic(request.server.app.ctx.db, input).catch(listErrors)).code(201);
      },
    },
  },
];

export const documentRoutes: ServerRoute[] = [...KINDS.flatMap(kindRoutes), ...listRoutes];

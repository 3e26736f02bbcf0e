import type { Plugin, ServerRoute } from '@hapi/hapi';
import { KINDS, type KindSpec } from './documents/kinds.js';
import { createDocumentRoute } from './routes/create-document.js';
import { createTagRoute } from './routes/create-tag.js';
import { createTopicRoute } from './routes/create-topic.js';
import { deleteDocumentRoute } from './routes/delete-document.js';
import { dryRunRoutes } from './routes/dry-run.js';
import { getDocumentRoute } from './routes/get-document.js';
import { listDocumentsRoute } from './routes/list-documents.js';
import { listTagsRoute } from './routes/list-tags.js';
import { listTopicsRoute } from './routes/list-topics.js';
import { orderDocumentsRoute } from './routes/order-documents.js';
import { publishDocumentRoute } from './routes/publish-document.js';
import { rollbackDocumentRoute } from './routes/rollback-document.js';
import { saveDraftRoute } from './routes/save-draft.js';
import { testDocumentRoute } from './routes/test-document.js';
import { testScriptRoute } from './routes/test-script.js';
import { validateDocumentRoute } from './routes/validate-document.js';

/** Every route of one document kind (documents.md "API"). */
function documentRoutes(spec: KindSpec): ServerRoute[] {
  const routes = [createDocumentRoute, deleteDocumentRoute, getDocumentRoute, listDocumentsRoute, orderDocumentsRoute, publishDocumentRoute, rollbackDocumentRoute, saveDraftRoute, validateDocumentRoute].map((route) => route(spec));
  if (spec.testable) return [...routes, testDocumentRoute(spec)];
  // a script is tried against answers: its transcript, not fired / actions / trace
  if (spec.kind === 'script') return [...routes, testScriptRoute(spec)];
  return routes;
}

/** Admin documents of every kind (automations, skill sets, contact groups, scripts), their dry run, tags and topics. */
export const automationPlugin: Plugin<void> = {
  name: 'switchboard-automation',
  register(server) {
    server.route([
      ...KINDS.flatMap(documentRoutes),
      createTagRoute,
      createTopicRoute,
      ...dryRunRoutes,
      listTagsRoute,
      listTopicsRoute,
    ]);
  },
};

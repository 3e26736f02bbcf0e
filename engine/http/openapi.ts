// The OpenAPI document, built by hapi-swagger from the routes' joi schemas, then made standard:
// hapi-swagger puts the branches of joi alternatives under a private `x-alt-definitions` key that
// no OpenAPI tool resolves; they move to `components.schemas`, so generated clients compile. The
// schemas hapi-swagger names after a property (`status`, `status1`, …) or a counter (`Model3`) are
// named after where they are used (`HealthStatus`, `NotificationKind`); joi labels stay as they are.
import type { Plugin } from '@hapi/hapi';
import HapiSwagger from 'hapi-swagger';

const JSON_PATH = '/openapi.json';
const ALT_PREFIX = '#/x-alt-definitions/';
const SCHEMA_PREFIX = '#/components/schemas/';

interface OpenApiDocument {
  components?: { schemas?: Record<string, unknown> };
  'x-alt-definitions'?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A joi label: PascalCase, no counter. */
const isLabel = (name: string) => /^[A-Z][A-Za-z]*$/.test(name);
const pascal = (word: string) => word.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/** The document with only `#/components/schemas/…` references, every schema with a meaningful name. */
export function standardOpenApi(doc: OpenApiDocument): OpenApiDocument {
  const { ['x-alt-definitions']: alternatives = {}, ...rest } = doc;
  // Every schema by the reference that reaches it today; alternatives join the components.
  const schemas = new Map<string, unknown>();
  for (const [name, schema] of Object.entries(rest.components?.schemas ?? {})) schemas.set(SCHEMA_PREFIX + name, schema);
  for (const [name, schema] of Object.entries(alternatives)) schemas.set(ALT_PREFIX + name, schema);
  const names = contextualNames(rest, schemas);
  const renamedSchemas = Object.fromEntries([...schemas].map(([ref, schema]) => [names.get(ref)!, schema]));
  const text = JSON.stringify({ ...rest, components: { ...rest.components, schemas: renamedSchemas } }).replace(
    /"\$ref":"(#\/[^"]+)"/g,
    (_m, ref: string) => `"$ref":"${SCHEMA_PREFIX}${names.get(decodeURIComponent(ref)) ?? ref}"`,
  );
  if (text.includes(ALT_PREFIX)) throw new Error('an alternative reference was left in the OpenAPI document');
  return JSON.parse(text);
}

/** A name for every schema: its label, or one made from its first user's name and the key that uses it. */
function contextualNames(doc: Omit<OpenApiDocument, 'x-alt-definitions'>, schemas: Map<string, unknown>): Map<string, string> {
  const names = new Map<string, string>();
  for (const ref of schemas.keys()) {
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    if (isLabel(name) && ref.startsWith(SCHEMA_PREFIX)) names.set(ref, name);
  }
  const taken = new Set(names.values());
  // Users first (schemas already well named), then their parts, until every schema has a name.
  for (let changed = true; changed; ) {
    changed = false;
    for (const ref of schemas.keys()) {
      if (names.has(ref)) continue;
      const wanted = firstUser(ref, doc, schemas, names);
      if (!wanted) continue;
      let unique = wanted;
      while (taken.has(unique)) unique += 'Variant';
      taken.add(unique);
      names.set(ref, unique);
      changed = true;
    }
  }
  for (const ref of schemas.keys()) {
    if (names.has(ref)) continue;
    let unique = pascal(ref.slice(ref.lastIndexOf('/') + 1).replace(/\d+$/, '')) || 'Schema';
    while (taken.has(unique)) unique += 'Variant';
    taken.add(unique);
    names.set(ref, unique); // used by nothing: kept under its own name
  }
  return names;
}

function firstUser(ref: string, doc: Omit<OpenApiDocument, 'x-alt-definitions'>, schemas: Map<string, unknown>, names: Map<string, string>) {
  for (const [userRef, schema] of schemas) {
    const user = names.get(userRef);
    const where = user && userRef !== ref ? pathTo(schema, ref) : undefined;
    if (where) return user + where.map(pascal).join('');
  }
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, { operationId?: string }>>)) {
    for (const operation of Object.values(item)) {
      if (operation.operationId && pathTo(operation, ref)) return pascal(operation.operationId) + 'Schema';
    }
  }
  return undefined;
}

/** The keys leading to a `$ref` to `ref` inside `value` (properties and composition skipped), if any. */
function pathTo(value: unknown, ref: string, keys: string[] = []): string[] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.$ref === 'string' && decodeURIComponent(record.$ref) === ref) return keys;
  for (const [key, child] of Object.entries(record)) {
    const step = key === 'properties' || key === 'anyOf' || key === 'oneOf' || key === 'allOf' || /^\d+$/.test(key) ? [] : key === 'items' ? ['item'] : [key];
    const found = pathTo(child, ref, [...keys, ...step]);
    if (found) return found;
  }
  return undefined;
}

export const openApiPlugin: Plugin<void> = {
  name: 'switchboard-openapi',
  async register(server) {
    await server.register({
      plugin: HapiSwagger,
      options: {
        OAS: 'v3.0',
        jsonPath: JSON_PATH,
        documentationPath: '/documentation',
        validatorUrl: null as unknown as string, // never call the public validator from an offline UI
        info: { title: 'Switchboard API', version: '1' },
        securityDefinitions: { bearer: { type: 'http', scheme: 'bearer' } },
        security: [{ bearer: [] }],
        grouping: 'tags',
        // Schemas are named by their joi label (a clash adds a number), never Model1, Model2…
        definitionPrefix: 'useLabel',
      },
    });
    server.ext('onPreResponse', (request, h) => {
      const response = request.response;
      if (request.path !== JSON_PATH || response instanceof Error || typeof response.source !== 'object' || !response.source) return h.continue;
      return h.response(standardOpenApi(response.source as OpenApiDocument));
    });
  },
};

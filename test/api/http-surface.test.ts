// What a client outside sees of the HTTP surface: the OpenAPI document generates a client that
// compiles, API paths never fall back to the admin UI.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

const operationsFixture = new URL('../fixtures/openapi-operations.json', import.meta.url);

/** Type-checks one file with the TypeScript compiler API; returns the messages of its errors. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the HTTP surface', () => {
  let stack: ApiStack;
  let baseUrl: string;
  let uiDir: string;

  beforeAll(async () => {
    uiDir = mkdtempSync(path.join(tmpdir(), 'switchboard-ui-'));
    writeFileSync(path.join(uiDir, 'index.html'), '<!doctype html><title>Switchboard admin</title>');
    stack = await startApiStack({ listen: true, uiDir });
    baseUrl = stack.services.server!.info.uri;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves an OpenAPI document from which openapi-typescript generates a client that compiles', async () => {
    const res = await fetch(`${baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const doc = JSON.parse(text);

    // Only standard OpenAPI 3 references, each to a schema that exists, named for what it is.
    expect(text.includes('x-alt-definitions')).toBe(false);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    const schemas = doc.components.schemas as Record<string, unknown>;
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
    expect(Object.keys(schemas).filter((name) => /^Model\d*$/.test(name))).toEqual([]);

    const client = astToString(await openapiTS(doc));
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-client-'));
    const file = path.join(dir, 'api.d.ts');
    writeFileSync(file, client);
    expect(typeErrors(file)).toEqual([]);
    // The generated client knows the operations by their documented shapes.
    expect(client).toContain('"/api/conversations/{id}/resolve"');
  });

  it('lists the same operations as before the engine was reorganised', async () => {
    const doc = await (await fetch(`${baseUrl}/openapi.json`)).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`))
      .sort();
    expect(operations).toEqual(JSON.parse(readFileSync(operationsFixture, 'utf8')));
  });

  it('answers an unknown API path with a JSON 404, and other paths with the admin UI', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await fetch(`${baseUrl}/api/no-such-thing/here`, { method });
      expect(res.status, method).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect((await res.json()).message).toMatch(/no route .* \/api\/no-such-thing\/here/);
    }
    const ui = await fetch(`${baseUrl}/inbox/some-conversation`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('Switchboard admin');
  });
});

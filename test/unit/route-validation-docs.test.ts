// Every field a route validates says what it is for (`.description()`): the OpenAPI document is
// the API's reference, built from these joi schemas. Only the route table is read: no request.
import { pino } from 'pino';
import type Joi from 'joi';
import { describe, expect, it } from 'vitest';
import { createServer } from '../../engine/app/server.js';

interface Described {
  flags?: { description?: string };
  keys?: Record<string, Described>;
}

function undescribed(schema: Joi.Schema | undefined, where: string): string[] {
  if (!schema || typeof schema.describe !== 'function') return [];
  const missing: string[] = [];
  const visit = (d: Described, path: string) => {
    if (path && !d.flags?.description) missing.push(`${where} ${path}`);
    for (const [key, child] of Object.entries(d.keys ?? {})) visit(child, path ? `${path}.${key}` : key);
  };
  visit(schema.describe() as Described, '');
  return missing;
}

describe('route validation', () => {
  it('describes every field of every params, query and payload schema', async () => {
    const server = await createServer({ db: {} as never, temporal: {} as never, namespace: 'default', logger: pino({ level: 'silent' }), publicUrl: 'http://switchboard.test' });
    const missing = server.table().flatMap((route) => {
      const validate = (route.settings.validate ?? {}) as Record<string, Joi.Schema | undefined>;
      return ['params', 'query', 'payload'].flatMap((part) => undescribed(validate[part], `${route.method.toUpperCase()} ${route.path} ${part}`));
    });
    expect(missing).toEqual([]);
    await server.stop();
  });
});

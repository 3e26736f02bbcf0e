/**
 * Migrations of documents from older schema versions to the current ones, as named steps.
 * `migrateDocument` applies steps until the document's `schema` is current. Only version 1 of
 * each kind exists today, so the table is empty and migration is the identity; a future
 * `switchboard.automation/2` adds a step `{ name, from: 'switchboard.automation/1', to: …/2, up }`.
 */
import { SCHEMAS } from './document.js';

export interface MigrationStep {
  /** Human-readable, kept in logs and tests: e.g. "automation v1 → v2: triggers as objects". */
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** Pure: takes a document of schema `from`, returns one of schema `to`. */
  readonly up: (document: Record<string, unknown>) => Record<string, unknown>;
}

export const CURRENT_SCHEMAS: readonly string[] = Object.values(SCHEMAS);

export const migrationSteps: readonly MigrationStep[] = [];

export type MigrationResult =
  | { readonly ok: true; readonly document: Record<string, unknown>; readonly applied: readonly string[] }
  | { readonly ok: false; readonly message: string };

export function migrateDocument(
  document: Record<string, unknown>,
  steps: readonly MigrationStep[] = migrationSteps,
  current: readonly string[] = CURRENT_SCHEMAS,
): MigrationResult {
  let doc = document;
  const applied: string[] = [];
  // every step moves to another schema; the bound stops a cyclic table
  for (let guard = 0; guard <= steps.length; guard += 1) {
    const schema = doc.schema;
    if (typeof schema === 'string' && current.includes(schema)) return { ok: true, document: doc, applied };
    const step = steps.find((s) => s.from === schema);
    if (!step) {
      return {
        ok: false,
        message: `unknown schema ${JSON.stringify(schema)}: expected one of ${current.join(', ')}`,
      };
    }
    doc = { ...step.up(doc), schema: step.to };
    applied.push(step.name);
  }
  return { ok: false, message: `the migration steps for ${JSON.stringify(document.schema)} loop` };
}

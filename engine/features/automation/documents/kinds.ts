/**
 * The four kinds of admin document (documents.md): their URL segment, stored kind, `schema`, and
 * how a document of the kind is validated (every kind by rules/ `validateDocument`).
 */
import { migrateDocument, SCHEMAS, validateDocument, type ValidationError } from '../../../../rules/index.js';

export interface KindSpec {
  /** URL segment: `/api/{path}`. */
  readonly path: 'automations' | 'skill-sets' | 'contact-groups' | 'scripts';
  /** Stored in `documents.kind`. */
  readonly kind: 'automation' | 'skillset' | 'contactgroup' | 'script';
  readonly schema: string;
  /** Singular label for messages and OpenAPI. */
  readonly label: string;
  /**
   * Whether rules/ evaluates it against a sample (`POST /api/{kind}/test` answering fired,
   * actions, trace) and dry-runs it. Scripts answer `/test` with a transcript instead.
   */
  readonly testable: boolean;
}

export const KINDS: readonly KindSpec[] = [
  { path: 'automations', kind: 'automation', schema: SCHEMAS.automation, label: 'automation', testable: true },
  { path: 'skill-sets', kind: 'skillset', schema: SCHEMAS.skillSet, label: 'skill set', testable: true },
  { path: 'contact-groups', kind: 'contactgroup', schema: SCHEMAS.contactGroup, label: 'contact group', testable: true },
  { path: 'scripts', kind: 'script', schema: SCHEMAS.script, label: 'script', testable: false },
];

export type Json = Record<string, unknown>;

export interface KindValidation {
  readonly valid: boolean;
  readonly errors: readonly ValidationError[];
  /** The document to store: migrated (and normalised when valid); absent when not even of the kind. */
  readonly document?: Json;
  /** False when the input is not a document of this kind at all (wrong or unknown `schema`). */
  readonly ofKind: boolean;
}

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Validates `input` as a document of `spec`'s kind: every problem listed, a wrong schema included. */
export function validateAs(spec: KindSpec, input: unknown): KindValidation {
  if (!isObject(input)) return { valid: false, ofKind: false, errors: [{ path: '', message: 'a document is a JSON object' }] };
  const migrated = migrateDocument(input);
  const result = validateDocument(input);
  if (!migrated.ok || migrated.document.schema !== spec.schema) {
    const schema = migrated.ok ? migrated.document.schema : input.schema;
    // the document's own problems are listed too, but a document of another kind is never stored here
    const rest = migrated.ok ? result.errors.filter((e) => e.path !== 'schema') : [];
    return { valid: false, ofKind: false, errors: [schemaError(spec, schema), ...rest] };
  }
  if (result.valid && result.document) return { valid: true, ofKind: true, errors: [], document: result.document as unknown as Json };
  return { valid: false, ofKind: true, errors: result.errors, document: migrated.document };
}

function schemaError(spec: KindSpec, got: unknown): ValidationError {
  return {
    path: 'schema',
    message: `/api/${spec.path} holds ${spec.label} documents: "schema" must be "${spec.schema}", got ${got === undefined ? 'nothing' : JSON.stringify(got)}`,
  };
}

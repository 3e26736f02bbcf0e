/**
 * The admin documents service: validated input → repository → answer. Refusals are Boom errors
 * carrying the contract's bodies (an invalid document's 400 lists `errors`).
 */
import {
  factsFromSample,
  simulateScript,
  testDocument,
  type Action,
  type ScriptDocument,
  type ScriptSimulation,
  type Trace,
  type ValidationError,
} from '../../../../rules/index.js';
import type { Db } from '../../../platform/database.js';
import { Invalid, NotFound } from '../../../platform/errors.js';
import { versionHash } from './hash.js';
import { validateAs, type Json, type KindSpec } from './kinds.js';
import {
  deleteDocument,
  getDocument,
  insertDocument,
  listDocuments,
  publishDocument,
  reorderDocuments,
  updateDraft,
  type DocumentDetail,
  type DocumentListItem,
} from './repository.js';

export function invalidDocument(message: string, errors: readonly ValidationError[]): Invalid {
  return new Invalid(`${message}: ${errors.map((e) => `${e.elementId ?? (e.path || 'document')}: ${e.message}`).join('; ')}`, { errors });
}

const notFound = (spec: KindSpec) => new NotFound(`no ${spec.label} with that id`);

export class DocumentService {
  constructor(
    private readonly db: Db,
    readonly spec: KindSpec,
  ) {}

  list(): Promise<DocumentListItem[]> {
    return listDocuments(this.db, this.spec);
  }

  async get(id: string): Promise<DocumentDetail> {
    const found = await getDocument(this.db, this.spec, id);
    if (!found) throw notFound(this.spec);
    return found;
  }

  /** A new document must be valid (its draft may become invalid later, while being edited). */
  async create(input: unknown): Promise<{ id: string; draft: Json }> {
    const result = validateAs(this.spec, input);
    if (!result.valid || !result.document) throw invalidDocument(`the ${this.spec.label} is invalid`, result.errors);
    return insertDocument(this.db, this.spec, result.document);
  }

  /**
   * Saves the draft. A work in progress may be invalid (it is stored, and its problems answered);
   * it must still be a document of this kind. Only a valid draft can be published.
   */
  async saveDraft(id: string, input: unknown): Promise<{ id: string; draft: Json; valid: boolean; errors: readonly ValidationError[] }> {
    const result = validateAs(this.spec, input);
    if (!result.ofKind || !result.document) throw invalidDocument(`not a ${this.spec.label} document`, result.errors);
    const draft = await updateDraft(this.db, this.spec, id, result.document);
    if (!draft) throw notFound(this.spec);
    return { id, draft, valid: result.valid, errors: result.errors };
  }

  async remove(id: string): Promise<{ deleted: true }> {
    if (!(await deleteDocument(this.db, this.spec, id))) throw notFound(this.spec);
    return { deleted: true };
  }

  publish(id: string, by: string) {
    return this.publishFrom(id, { from: 'draft' }, by);
  }

  rollback(id: string, version: number, by: string) {
    return this.publishFrom(id, { from: 'version', version }, by);
  }

  private async publishFrom(id: string, source: { from: 'draft' } | { from: 'version'; version: number }, by: string) {
    const outcome = await publishDocument(this.db, this.spec, id, source, by, (doc) => {
      const checked = validateAs(this.spec, doc);
      return checked.valid ? checked.document : undefined;
    }, versionHash);
    if (outcome.ok) {
      const { ok: _ok, ...answer } = outcome;
      return answer;
    }
    switch (outcome.reason) {
      case 'not-found':
        throw notFound(this.spec);
      case 'unknown-version':
        throw new NotFound(
          `this ${this.spec.label} has no version ${(source as { version: number }).version}; ` +
            (outcome.versions.length ? `its versions are ${outcome.versions.join(', ')}` : 'it was never published'),
        );
      case 'invalid': {
        const what = source.from === 'draft' ? 'the draft' : `version ${(source as { version: number }).version}`;
        throw invalidDocument(`${what} is invalid and cannot be published; the published version is unchanged`, validateAs(this.spec, outcome.document).errors);
      }
    }
  }

  async order(ids: readonly string[]): Promise<DocumentListItem[]> {
    const outcome = await reorderDocuments(this.db, this.spec, ids);
    if (!outcome.ok) {
      const parts = [
        outcome.missing.length ? `missing: ${outcome.missing.join(', ')}` : '',
        outcome.unknown.length ? `not ${this.spec.label}s of this list: ${outcome.unknown.join(', ')}` : '',
        outcome.repeated.length ? `given more than once: ${outcome.repeated.join(', ')}` : '',
      ].filter(Boolean);
      throw new Invalid(`"ids" must list every ${this.spec.label} exactly once (${parts.join('; ')})`);
    }
    return this.list();
  }

  validate(input: unknown): { valid: boolean; errors: readonly ValidationError[] } {
    const { valid, errors } = validateAs(this.spec, input);
    return { valid, errors };
  }

  /** One document against one sample; nothing is stored or changed. */
  async test(input: unknown, sample: Record<string, unknown>): Promise<{ fired: boolean; actions: readonly Action[]; trace: Trace; route?: unknown }> {
    const checked = validateAs(this.spec, input);
    if (!checked.valid || !checked.document) throw invalidDocument(`the ${this.spec.label} is invalid`, checked.errors);
    const result = await testDocument(checked.document, factsFromSample(sample));
    if (!result.valid) throw invalidDocument(`the ${this.spec.label} is invalid`, result.errors);
    const { valid: _valid, ...answer } = result;
    return answer;
  }

  /** A script run against `answers` without a conversation: its transcript and attributes. */
  simulate(input: unknown, sample: Record<string, unknown>, answers: readonly string[]): ScriptSimulation {
    const checked = validateAs(this.spec, input);
    if (!checked.valid || !checked.document) throw invalidDocument(`the ${this.spec.label} is invalid`, checked.errors);
    return simulateScript(checked.document as unknown as ScriptDocument, { facts: factsFromSample(sample), answers });
  }
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../../rules/index.js';

/**
 * A published version's hash: sha256 of the canonical JSON (sorted keys) of the document's logic.
 * `layout` is left out, as in rules/ `logicFingerprint`: moving a box does not change what a
 * document does, so it does not change the hash either.
 */
export function versionHash(document: Record<string, unknown>): string {
  const { layout: _layout, ...logic } = document;
  return createHash('sha256').update(canonicalJson(logic)).digest('hex');
}

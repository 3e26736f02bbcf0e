import { validateDocument, type ValidationError } from '../../../rules/validate.js';
import { SCHEMA, type Doc } from './model/types.js';

export interface Problems {
  /** Messages per node id (element ids, and `trigger:…`, `$triggers`, `$target`, `$selection`). */
  byNode: Map<string, string[]>;
  /** Problems that belong to no node (the name, an automation without actions). */
  general: ValidationError[];
  count: number;
}

/** The node that shows an error without an element id, from its path. */
function nodeOfPath(doc: Doc, path: string): string | undefined {
  const trigger = /^triggers\[(\d+)\]/.exec(path);
  if (trigger) {
    const name = doc.triggers?.[Number(trigger[1])];
    return name === undefined ? undefined : `trigger:${name}`;
  }
  if (path === 'triggers') return '$triggers';
  if (path.startsWith('target') || path === 'strategy') return '$target';
  if (doc.schema === SCHEMA.script && ['channels', 'hours', 'start'].some((k) => path.startsWith(k))) return '$selection';
  return undefined;
}

// rules/ is imported as is, never copied: the browser runs the server's own validation.

/**
 * Validates with the rules/ module the server runs, and says which node shows each problem.
 * Scripts: until rules/ knows `switchboard.script/1`, its only answer is "unknown schema";
 * that one is not the draft's fault, so it is left out, and the script's own rules apply as soon
 * as rules/ has them.
 */
export function problemsOf(doc: Doc): Problems {
  let errors = validateDocument(doc).errors;
  if (doc.schema === SCHEMA.script) errors = errors.filter((e) => !(e.path === 'schema' && /unknown schema/.test(e.message)));
  const byNode = new Map<string, string[]>();
  const general: ValidationError[] = [];
  for (const e of errors) {
    const node = e.elementId ?? nodeOfPath(doc, e.path);
    if (node === undefined) general.push(e);
    else byNode.set(node, [...(byNode.get(node) ?? []), e.message]);
  }
  return { byNode, general, count: errors.length };
}

import { validateDocument, type ValidationError } from '../../../rules/validate.js';
import { elementsOf } from './model/elements.js';
import { SCHEMA, type Doc } from './model/types.js';

export interface Problems {
  /** Messages per node id (element ids, and `trigger:…`, `$triggers`, `$target`, `$selection`). */
  byNode: Map<string, string[]>;
  /** Problems that belong to no node (the name, an automation without actions). */
  general: ValidationError[];
  count: number;
}

/** The step of a script path (`steps[2]…`), when that step has an id to be drawn under. */
function stepOfPath(doc: Doc, path: string): string | undefined {
  const step = /^steps\[(\d+)\]/.exec(path);
  if (!step) return undefined;
  const id = doc.steps?.[Number(step[1])]?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The node that shows an error without a drawn element id, from its path. */
function nodeOfPath(doc: Doc, path: string): string | undefined {
  const trigger = /^triggers\[(\d+)\]/.exec(path);
  if (trigger) {
    const name = doc.triggers?.[Number(trigger[1])];
    return name === undefined ? undefined : `trigger:${name}`;
  }
  if (path === 'triggers') return '$triggers';
  if (path.startsWith('target') || path === 'strategy') return '$target';
  if (doc.schema !== SCHEMA.script) return undefined;
  // the selection node is where a script starts: it also says that there is no step to start with
  if (['channels', 'hours', 'start', 'when'].some((k) => path.startsWith(k)) || path === 'steps') return '$selection';
  return stepOfPath(doc, path);
}

/**
 * Every element id that is drawn as a node, and for the ones that are not (a question's choices),
 * the node that shows them.
 */
function drawnNodes(doc: Doc): Map<string, string> {
  const drawn = new Map<string, string>();
  for (const l of elementsOf(doc)) drawn.set(l.element.id, l.kind === 'choice' && l.parentId ? l.parentId : l.element.id);
  return drawn;
}

// rules/ is imported as is, never copied: the browser runs the server's own validation.

/**
 * Validates with the rules/ module the server runs, and says which node shows each problem:
 * the element the error names when it is drawn (a choice shows on its question), else the node
 * its path belongs to (a trigger, the target, a script's selection or step).
 */
export function problemsOf(doc: Doc): Problems {
  const errors = validateDocument(doc).errors;
  const drawn = drawnNodes(doc);
  const byNode = new Map<string, string[]>();
  const general: ValidationError[] = [];
  for (const e of errors) {
    const node = (e.elementId === undefined ? undefined : drawn.get(e.elementId)) ?? nodeOfPath(doc, e.path);
    if (node === undefined) general.push(e);
    else byNode.set(node, [...(byNode.get(node) ?? []), e.message]);
  }
  return { byNode, general, count: errors.length };
}

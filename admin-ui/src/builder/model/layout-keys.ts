import { idsOf } from './elements.js';
import type { Doc } from './types.js';

/** Node ids that are drawn but are not document elements: `$…` and `trigger:<name>`. */
export function isVirtualNodeId(id: string): boolean {
  return id.startsWith('$') || id.startsWith('trigger:');
}

/** Drops layout entries of nodes that are no longer drawn (no dangling positions). */
export function pruneLayout(doc: Doc): Doc {
  if (!doc.layout) return doc;
  const ids = new Set(idsOf(doc));
  const triggers = new Set((doc.triggers ?? []).map((t) => `trigger:${t}`));
  const keep = (id: string) => ids.has(id) || id.startsWith('$') || triggers.has(id);
  const entries = Object.entries(doc.layout).filter(([id]) => keep(id));
  if (entries.length === Object.keys(doc.layout).length) return doc;
  return { ...doc, layout: Object.fromEntries(entries) };
}

import type { Doc } from '../model/types.js';

/** Adds an automation trigger (once). */
export function addTrigger(doc: Doc, trigger: string): Doc {
  const triggers = doc.triggers ?? [];
  return triggers.includes(trigger) ? doc : { ...doc, triggers: [...triggers, trigger] };
}

/** Removes an automation trigger, and its node's position. */
export function removeTrigger(doc: Doc, trigger: string): Doc {
  const next: Doc = { ...doc, triggers: (doc.triggers ?? []).filter((t) => t !== trigger) };
  if (doc.layout && `trigger:${trigger}` in doc.layout) {
    const { [`trigger:${trigger}`]: _gone, ...layout } = doc.layout;
    next.layout = layout;
  }
  return next;
}

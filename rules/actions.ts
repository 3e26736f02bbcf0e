/**
 * How an automation's actions change the facts seen by the automations after it in the same
 * evaluation. Only the actions that change a fact do something here; the others (assign,
 * resolve, send a saved reply) are carried out by the workflow after the evaluation.
 */
import type { Action } from './document.js';
import { ATTRIBUTE_PREFIX, type Facts, type FactValue } from './facts.js';
import { fold } from './fold.js';

function tagsOf(facts: Facts): readonly string[] {
  const tags = facts['conversation.tags'];
  return Array.isArray(tags) ? tags : [];
}

/** The facts after `action`: a new object, `facts` is not changed. */
export function applyAction(facts: Facts, action: Action): Facts {
  switch (action.type) {
    case 'addTags': {
      const tags = [...tagsOf(facts)];
      for (const tag of action.tags) {
        // a tag already there (ignoring case and accents) is not doubled
        if (!tags.some((t) => fold(t) === fold(tag))) tags.push(tag);
      }
      return { ...facts, 'conversation.tags': tags };
    }
    case 'removeTags': {
      const removed = new Set(action.tags.map(fold));
      return { ...facts, 'conversation.tags': tagsOf(facts).filter((t) => !removed.has(fold(t))) };
    }
    case 'setTopic':
      return { ...facts, 'conversation.topic': action.topicId };
    case 'setPriority':
      return { ...facts, 'conversation.priority': action.priority };
    case 'setContactAttribute':
      return { ...facts, [ATTRIBUTE_PREFIX + action.key]: action.value };
    default:
      return facts;
  }
}

export function applyActions(facts: Facts, actions: readonly Action[]): Facts {
  return actions.reduce(applyAction, facts);
}

/** The facts whose value differs between `before` and `after` (by reference). */
export function changedFacts(before: Facts, after: Facts): [string, FactValue][] {
  return Object.keys(after)
    .filter((key) => after[key] !== before[key])
    .map((key) => [key, after[key]]);
}

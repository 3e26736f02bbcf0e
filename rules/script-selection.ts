/**
 * Which script runs (documents.md "Scripts"): on a private, still unassigned conversation, the
 * first published, enabled script in list order whose channels, hours and `when` match.
 */
import type { PublishedDocument } from './document.js';
import { evaluateCondition } from './evaluate.js';
import type { Facts } from './facts.js';
import type { ScriptDocument } from './script-document.js';

export interface ScriptSelection {
  readonly channelId: string;
  readonly kind: 'private' | 'public';
  readonly unassigned: boolean;
  /** The channel's business hours at this instant. */
  readonly hoursOpen: boolean;
  /** The usual facts, for `when`. */
  readonly facts: Facts;
}

/** Whether `doc` would start on a conversation in `at` (an empty root `all` always holds). */
export function scriptApplies(doc: ScriptDocument, at: ScriptSelection): boolean {
  if (!doc.enabled || at.kind !== 'private' || !at.unassigned) return false;
  if (doc.channels && doc.channels.length > 0 && !doc.channels.includes(at.channelId)) return false;
  const hours = doc.hours ?? 'any';
  if (hours === 'open' && !at.hoursOpen) return false;
  if (hours === 'closed' && at.hoursOpen) return false;
  if (!doc.when || ('all' in doc.when && doc.when.all.length === 0)) return true;
  return evaluateCondition(doc.when, at.facts);
}

/** The first script of `published` (in list order) that applies, if any. */
export function selectScript(
  published: readonly PublishedDocument<ScriptDocument>[],
  at: ScriptSelection,
): PublishedDocument<ScriptDocument> | undefined {
  return published.find((entry) => scriptApplies(entry.document, at));
}

/**
 * The selection context read from a conversation's facts (a test sample, a dry run): a sample
 * that leaves out the kind, status or hours reads as a new private conversation, hours open.
 */
export function selectionFromFacts(facts: Facts): ScriptSelection {
  const channelId = facts['channel.id'];
  return {
    channelId: typeof channelId === 'string' ? channelId : '',
    kind: facts['conversation.kind'] === 'public' ? 'public' : 'private',
    unassigned: (facts['conversation.status'] ?? 'unassigned') === 'unassigned',
    hoursOpen: facts['businessHours.open'] !== false,
    facts,
  };
}

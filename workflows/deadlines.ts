// The conversation's timers, as data: every timer of the lifecycle is "the earliest of these
// instants", recomputed from the state and the settings on each turn of the workflow's loop. So a
// changed setting or a new message moves a timer without any timer bookkeeping, and the workflow
// never holds more than one timer.
import type { LifecycleSettings } from './activities.js';
import type { ConversationSnapshot } from './shared.js';

export type DeadlineKind = 'autoResolveNew' | 'autoResolvePending' | 'routeAtOpening' | 'unassignCheck' | 'csatTimeout' | 'scriptTimeout';

export interface Deadline {
  kind: DeadlineKind;
  /** Epoch milliseconds. */
  at: number;
}

/** Every timer that applies now, earliest first. */
export function deadlines(s: ConversationSnapshot | null, settings: LifecycleSettings | undefined): Deadline[] {
  if (!s) return [];
  const out: Deadline[] = [];
  const lastActivity = s.lastActivityAt ? Date.parse(s.lastActivityAt) : undefined;
  const autoResolve = settings?.autoResolve;
  if (lastActivity !== undefined && s.status === 'unassigned' && autoResolve?.new) {
    out.push({ kind: 'autoResolveNew', at: lastActivity + autoResolve.new.afterSeconds * 1000 });
  }
  if (lastActivity !== undefined && s.status === 'pending' && autoResolve?.pending) {
    out.push({ kind: 'autoResolvePending', at: lastActivity + autoResolve.pending.afterSeconds * 1000 });
  }
  if (s.routeAt && s.status !== 'done') out.push({ kind: 'routeAtOpening', at: Date.parse(s.routeAt) });
  if (s.unassignCheck) out.push({ kind: 'unassignCheck', at: Date.parse(s.unassignCheck.at) });
  if (s.csat) out.push({ kind: 'csatTimeout', at: Date.parse(s.csat.expiresAt) });
  if (s.script?.dueAt && s.script.state.status === 'waiting') out.push({ kind: 'scriptTimeout', at: Date.parse(s.script.dueAt) });
  return out.sort((a, b) => a.at - b.at);
}

/** The earliest timer, if any. */
export function nextDeadline(s: ConversationSnapshot | null, settings: LifecycleSettings | undefined): Deadline | undefined {
  return deadlines(s, settings)[0];
}

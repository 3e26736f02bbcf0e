// What one run of the conversation workflow holds between turns of its loop: the state class, the
// lock its handlers take, the settings, the queues the handlers fill and the loop empties. The
// parts of the workflow (handlers, customer messages, automations, routing, timers) share it.
import { condition } from '@temporalio/workflow';
import type { LifecycleSettings } from './activities.js';
import { Conversation, type Transition } from './conversation-state.js';
import { Lock } from './lock.js';
import { durable, interactive } from './proxies.js';
import type { ConversationInput, ConversationSnapshot, QueuedItem } from './shared.js';

export const nowIso = (): string => new Date().toISOString();

export class Run {
  readonly convo: Conversation;
  readonly lock = new Lock();
  /** Recorded messages handed over by the relay and not linked yet. */
  readonly inbox: QueuedItem[];
  /** Ids of the messages this run linked lately: a signal the relay retried brings them again. */
  readonly linkedIds = new Set<string>();
  /** What agent actions cause afterwards (automations, the survey), run by the loop under the lock. */
  readonly followUps: Array<() => Promise<void>> = [];
  agentAvailable = false;
  /** Sends held back by the provider's rate limit, still going on in the background (queued-sends.ts). */
  queuedSends = 0;
  /** Whether published automations / skill sets / scripts exist, as of the last link. */
  rules: { automations: boolean; skillSets: boolean; scripts?: boolean } = { automations: true, skillSets: true, scripts: true };
  /** An agent acted while a script runs: the script sends nothing more (set at once by the
   * update handler; the script ends under the lock, see scripts.ts). */
  scriptHalted = false;
  /** This run has done something worth carrying over (guards against continuing as new in a loop). */
  progressed = false;
  private loaded: LifecycleSettings | undefined;
  /** Reloads asked for (`settingsChanged`) and the last one a loaded answer covers: counted, so a
   * change that arrives while a reload is under way is not lost. */
  private settingsAsked = 0;
  private settingsAnswered = 0;

  constructor(readonly input: ConversationInput) {
    this.convo = new Conversation(input.state, input.kind);
    this.inbox = [...(input.pending ?? [])];
    // A carried-over state has no settings yet: load them before the first timer.
    if (this.convo.known) this.settingsAsked = 1;
  }

  /** An admin changed a setting since the settings were last loaded. */
  get settingsStale(): boolean {
    return this.settingsAsked > this.settingsAnswered;
  }

  settingsChanged(): void {
    this.settingsAsked++;
  }

  async reloadSettings(): Promise<void> {
    const asked = this.settingsAsked;
    this.settings = await durable.lifecycleSettings({ channelId: this.input.ref.channelId });
    this.settingsAnswered = asked;
  }

  get settings(): LifecycleSettings | undefined {
    return this.loaded;
  }

  set settings(settings: LifecycleSettings) {
    this.loaded = settings;
    this.convo.useSettings(settings);
  }

  /** An agent's action stops the running script at once: called synchronously by its handler,
   * before it waits for the lock, so a script turn in flight sends nothing more. */
  haltScript(): void {
    if (this.convo.snapshot()?.script) this.scriptHalted = true;
  }

  /** The state; only called once it is known. */
  current(): ConversationSnapshot {
    return this.convo.snapshot()!;
  }

  /** Writes a transition and its audit event through the one activity that persists them, then
   * commits it. `at`: the instant it happened (a timer's due instant; default now). */
  async persist(t: Transition, activities = interactive, at = nowIso()): Promise<ConversationSnapshot> {
    const previous = this.convo.snapshot()?.assignee;
    if (!t.auditOnly) t.next.lastActivityAt = at;
    await activities.applyTransition({
      conversationId: t.next.conversationId,
      status: t.next.status,
      assignee: t.next.assignee,
      event: { ...t.event, at },
      ...(previous ? { previous } : {}),
    });
    return this.convo.commit(t.next);
  }

  /** Commits a transition an activity already persisted (routing's, written with its capacity
   * claim); `activityAt`: when it counts as activity for the auto-resolve timers, if it does. */
  committed(t: Transition, activityAt?: string): ConversationSnapshot {
    if (activityAt) t.next.lastActivityAt = activityAt;
    return this.convo.commit(t.next);
  }

  /** Runs an agent action once every rule can be checked with the admin's latest settings (an
   * action right after a change waits for the reload), under the lock. */
  async act(fn: () => Promise<ConversationSnapshot>): Promise<ConversationSnapshot> {
    await condition(() => this.convo.ready && !this.settingsStale);
    try {
      return await this.lock.runExclusive(fn);
    } finally {
      this.progressed = true;
    }
  }
}
